/**
 * Pretty-printed JSON, one line per entry, each line tagged with the dotted path of the value it
 * holds (`customer.address.zip`, `items[2].sku`), so that the detail pane can mark the lines of a
 * field that fails the local schema. Pure: the webview bundles it.
 */
export interface PrettyLine {
  text: string;
  /** The path of the value this line opens or holds; '' for the top level. */
  path: string;
}

export function prettyLines(value: unknown, indent = '  '): PrettyLine[] {
  const lines: PrettyLine[] = [];
  const write = (current: unknown, path: string, depth: number, prefix: string, suffix: string) => {
    const pad = indent.repeat(depth);
    if (Array.isArray(current) && current.length > 0) {
      lines.push({ text: `${pad}${prefix}[`, path });
      current.forEach((item, index) => write(item, `${path}[${index}]`, depth + 1, '', index < current.length - 1 ? ',' : ''));
      lines.push({ text: `${pad}]${suffix}`, path });
      return;
    }
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && Object.keys(current).length > 0) {
      const entries = Object.entries(current as Record<string, unknown>);
      lines.push({ text: `${pad}${prefix}{`, path });
      entries.forEach(([key, item], index) =>
        write(item, path ? `${path}.${key}` : key, depth + 1, `${JSON.stringify(key)}: `, index < entries.length - 1 ? ',' : ''),
      );
      lines.push({ text: `${pad}}${suffix}`, path });
      return;
    }
    lines.push({ text: `${pad}${prefix}${JSON.stringify(current) ?? 'null'}${suffix}`, path });
  };
  write(value, '', 0, '', '');
  return lines;
}

/** Whether a line belongs to a failing field: the field itself or anything inside it. */
export function lineFails(line: PrettyLine, failingPaths: readonly string[]): boolean {
  return failingPaths.some(
    (path) => path !== '' && (line.path === path || line.path.startsWith(`${path}.`) || line.path.startsWith(`${path}[`)),
  );
}
