import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { parseYamlCached } from '../yaml/parseCache';
import { keyOf, type PositionedYaml } from '../yaml/positionedYaml';

/**
 * The outline of a manifest: the product, its main fields, its output ports (with their key and value
 * payloads) and its input ports. Whatever part of a draft exists is shown; nothing else is assumed.
 */
export function manifestSymbols(text: string): DocumentSymbol[] {
  const yaml = parseYamlCached(text);
  const root = yaml.root;
  if (!root || !isMap(root)) return [];
  return [productSymbol(yaml, root.items as Pair[])];
}

function productSymbol(yaml: PositionedYaml, pairs: Pair[]): DocumentSymbol {
  const whole = yaml.lines.rangeOf(0, yaml.text.length);
  const id = scalarText(valueOf(pairs, 'id'));
  const name = scalarText(valueOf(pairs, 'name'));
  const domain = scalarText(valueOf(pairs, 'domain'));
  const children: DocumentSymbol[] = [];

  const owner = pairOf(pairs, 'owner');
  if (owner) children.push(fieldSymbol(yaml, owner, 'owner', SymbolKind.Field, scalarText(nested(owner, 'team'))));
  const description = pairOf(pairs, 'description');
  if (description)
    children.push(fieldSymbol(yaml, description, 'description', SymbolKind.Field, scalarText(nested(description, 'purpose'))));
  const tier = pairOf(pairs, 'tier');
  if (tier) children.push(fieldSymbol(yaml, tier, 'tier', SymbolKind.Field, scalarText(tier.value as Node | null)));
  const sla = pairOf(pairs, 'sla');
  if (sla) {
    const parts = ['availability', 'freshness', 'retention'].map((key) => scalarText(nested(sla, key))).filter(isText);
    children.push(fieldSymbol(yaml, sla, 'sla', SymbolKind.Field, parts.join(' · ')));
  }

  const outputs = pairOf(pairs, 'outputPorts');
  if (outputs) children.push(groupSymbol(yaml, outputs, 'Output ports', outputPortSymbol));
  const inputs = pairOf(pairs, 'inputPorts');
  if (inputs) children.push(groupSymbol(yaml, inputs, 'Input ports', inputPortSymbol));
  const deprecation = pairOf(pairs, 'deprecation');
  if (deprecation)
    children.push(fieldSymbol(yaml, deprecation, 'deprecation', SymbolKind.Field, scalarText(nested(deprecation, 'sunset'))));

  const idPair = pairOf(pairs, 'id');
  const selection = (idPair && pairRange(yaml, idPair)) ?? yaml.documentStartRange();
  const detail = [scalarText(valueOf(pairs, 'version')), scalarText(valueOf(pairs, 'status'))].filter(isText).join(' · ');
  return {
    // VS Code rejects symbols with an empty name, so a draft without an id still gets one.
    name: id ?? (domain && name ? `${domain}.${name}` : (name ?? 'Data product')),
    detail: detail || undefined,
    kind: SymbolKind.Module,
    range: whole,
    selectionRange: clampInto(selection, whole),
    children,
  };
}

type ItemSymbol = (yaml: PositionedYaml, item: Node, index: number) => DocumentSymbol | undefined;

function groupSymbol(yaml: PositionedYaml, pair: Pair, name: string, itemSymbol: ItemSymbol): DocumentSymbol {
  const group = fieldSymbol(yaml, pair, name, SymbolKind.Array, undefined);
  const seq = pair.value as Node | null;
  if (seq && isSeq(seq)) {
    const children: DocumentSymbol[] = [];
    seq.items.forEach((item, index) => {
      const symbol = item ? itemSymbol(yaml, item as Node, index) : undefined;
      if (symbol) children.push(symbol);
    });
    group.children = children;
    group.detail = `${children.length} port${children.length === 1 ? '' : 's'}`;
    group.range = cover(group.range, children);
  }
  return group;
}

const outputPortSymbol: ItemSymbol = (yaml, item, index) => {
  const range = nodeRange(yaml, item);
  if (!range) return undefined;
  const pairs = isMap(item) ? (item.items as Pair[]) : [];
  const namePair = pairOf(pairs, 'name');
  const children: DocumentSymbol[] = [];
  for (const part of ['key', 'value']) {
    const payload = pairOf(pairs, part);
    if (!payload) continue;
    const format = scalarText(nested(payload, 'format'));
    const schema = scalarText(nested(payload, 'schema'));
    children.push(fieldSymbol(yaml, payload, part, SymbolKind.Struct, [format, schema].filter(isText).join(' · ')));
  }
  const selection = (namePair && (nodeRange(yaml, namePair.value as Node | null) ?? pairRange(yaml, namePair))) ?? range;
  return {
    name: scalarText(namePair?.value as Node | null) ?? `port ${index + 1}`,
    detail: scalarText(valueOf(pairs, 'topic')),
    kind: SymbolKind.Event,
    range: cover(range, children),
    selectionRange: clampInto(selection, range),
    children,
  };
};

const inputPortSymbol: ItemSymbol = (yaml, item, index) => {
  const range = nodeRange(yaml, item);
  if (!range) return undefined;
  const pairs = isMap(item) ? (item.items as Pair[]) : [];
  const product = scalarText(valueOf(pairs, 'product'));
  const port = scalarText(valueOf(pairs, 'port'));
  const productPair = pairOf(pairs, 'product');
  const selection = (productPair && pairRange(yaml, productPair)) ?? range;
  return {
    name: product || port ? `${product ?? '?'}/${port ?? '?'}` : `input ${index + 1}`,
    kind: SymbolKind.Interface,
    range,
    selectionRange: clampInto(selection, range),
  };
};

function fieldSymbol(yaml: PositionedYaml, pair: Pair, name: string, kind: SymbolKind, detail: string | undefined): DocumentSymbol {
  const range = pairRange(yaml, pair) ?? yaml.documentStartRange();
  const key = pair.key as Node | null;
  const selection = nodeRange(yaml, key) ?? range;
  return { name, detail: detail || undefined, kind, range, selectionRange: clampInto(selection, range) };
}

/** From the key's start to the value's end; an empty value ends at the key. */
function pairRange(yaml: PositionedYaml, pair: Pair): Range | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0];
  if (start === undefined) return undefined;
  const end = Math.max(key?.range?.[1] ?? start, value?.range?.[1] ?? start);
  return yaml.lines.rangeOf(start, trimEnd(yaml.text, start, end));
}

function nodeRange(yaml: PositionedYaml, node: Node | null | undefined): Range | undefined {
  if (!node?.range) return undefined;
  return yaml.lines.rangeOf(node.range[0], trimEnd(yaml.text, node.range[0], node.range[1]));
}

/** Block collections end after their line break; the outline should end on the last line with content. */
function trimEnd(text: string, start: number, end: number): number {
  let result = Math.min(end, text.length);
  while (result > start && /\s/.test(text.charAt(result - 1))) result--;
  return result;
}

function pairOf(pairs: Pair[], key: string): Pair | undefined {
  return pairs.find((pair) => pair && pair.key !== null && pair.key !== undefined && keyOf(pair) === key);
}

function valueOf(pairs: Pair[], key: string): Node | null {
  return (pairOf(pairs, key)?.value as Node | null | undefined) ?? null;
}

function nested(pair: Pair, key: string): Node | null {
  const value = pair.value as Node | null;
  return value && isMap(value) ? valueOf(value.items as Pair[], key) : null;
}

function scalarText(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const text = String(node.value).trim();
  return text === '' ? undefined : text.split(/\r?\n/)[0];
}

function isText(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The selection range must lie inside the range, or VS Code drops the whole outline. */
function clampInto(inner: Range, outer: Range): Range {
  const start = before(inner.start, outer.start) || before(outer.end, inner.start) ? outer.start : inner.start;
  const end = before(outer.end, inner.end) || before(inner.end, start) ? outer.end : inner.end;
  return { start, end };
}

function cover(range: Range, children: DocumentSymbol[]): Range {
  let { start, end } = range;
  for (const child of children) {
    if (before(child.range.start, start)) start = child.range.start;
    if (before(end, child.range.end)) end = child.range.end;
  }
  return { start, end };
}
