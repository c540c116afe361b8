/// <reference lib="dom" />
/**
 * The selected record: pretty-printed value with the lines of fields that fail the local schema
 * marked, the key, the headers, and the exact bytes as hex. Text only.
 */
import type { DecodedPart, RecordDetail } from '../messages';
import { lineFails, prettyLines } from '../prettyJson';
import { element, formatTime } from './dom';

export type DetailTab = 'value' | 'key' | 'headers' | 'raw';

export class DetailPane {
  private detail: RecordDetail | undefined;
  private tab: DetailTab = 'value';

  constructor(
    private readonly root: HTMLElement,
    private readonly onCopy: (seq: number, part: 'key' | 'value' | 'record') => void,
  ) {}

  show(detail: RecordDetail): void {
    this.detail = detail;
    this.render();
  }

  clear(): void {
    this.detail = undefined;
    this.root.replaceChildren(element('p', { className: 'hint', text: 'Select a row to see the whole record.' }));
  }

  private render(): void {
    const detail = this.detail;
    if (!detail) return this.clear();
    const value = detail.value;
    const schema =
      value?.schemaId !== undefined
        ? `schema id ${value.schemaId}${value.subject ? ` (${value.subject} v${value.version})` : ''}`
        : (value?.format ?? 'null');
    const tabs = element('div', { className: 'tabs', attributes: { role: 'tablist' } });
    for (const name of ['value', 'key', 'headers', 'raw'] as const) {
      const button = element('button', { className: name === this.tab ? 'tab active' : 'tab', text: name === 'raw' ? 'raw bytes' : name });
      button.addEventListener('click', () => {
        this.tab = name;
        this.render();
      });
      tabs.append(button);
    }
    const actions = element('div', { className: 'actions' });
    for (const part of ['value', 'key', 'record'] as const) {
      const button = element('button', { className: 'secondary', text: `Copy ${part}` });
      button.addEventListener('click', () => this.onCopy(detail.seq, part));
      actions.append(button);
    }
    const parts: Node[] = [
      element('div', {
        className: 'detail-title',
        text: `partition ${detail.partition} · offset ${detail.offset} · ${formatTime(detail.timestamp)} · ${schema}`,
      }),
      element('div', { className: 'detail-bar' }, tabs, actions),
      detail.problems.length > 0
        ? element(
            'ul',
            { className: 'problems' },
            ...detail.problems.map((problem) => element('li', { text: `${problem.path || 'value'}: ${problem.message}` })),
          )
        : element('span'),
      this.body(detail),
    ];
    this.root.replaceChildren(...parts);
  }

  private body(detail: RecordDetail): HTMLElement {
    switch (this.tab) {
      case 'value':
        return this.payload(
          detail.value,
          detail.problems.map((problem) => problem.path),
        );
      case 'key':
        return this.payload(detail.key, []);
      case 'headers':
        return detail.headers.length === 0
          ? element('p', { className: 'hint', text: 'No headers.' })
          : element(
              'table',
              { className: 'headers-table' },
              ...detail.headers.map(([name, value]) => element('tr', {}, element('th', { text: name }), element('td', { text: value }))),
            );
      case 'raw': {
        const lines: string[] = [];
        const dump = (label: string, hex: string | null) => {
          lines.push(`${label} (${hex === null ? 'null' : `${hex.length / 2} bytes`})`);
          if (hex)
            for (let at = 0; at < hex.length; at += 32)
              lines.push(`${(at / 2).toString(16).padStart(8, '0')}  ${hex.slice(at, at + 32).replace(/(..)/g, '$1 ')}`);
        };
        dump('key', detail.rawKeyHex);
        dump('value', detail.rawValueHex);
        if (detail.rawTruncated) lines.push('(cut at 1 MiB)');
        return element('pre', { className: 'code', text: lines.join('\n') });
      }
    }
  }

  private payload(part: DecodedPart | null, failing: string[]): HTMLElement {
    if (!part) return element('p', { className: 'hint', text: 'null' });
    const parsed: unknown = JSON.parse(part.json);
    const pre = element('pre', { className: 'code' });
    if (part.format === 'text') {
      pre.textContent = String(parsed);
    } else {
      for (const line of prettyLines(parsed)) {
        pre.append(element('span', { className: lineFails(line, failing) ? 'line failing' : 'line', text: `${line.text}\n` }));
      }
    }
    const note = part.format === 'binary' ? element('p', { className: 'error', text: `Not decoded: ${part.error ?? ''}` }) : null;
    return element('div', {}, element('div', { className: 'hint', text: `${part.format}, ${part.size} bytes` }), note, pre);
  }
}
