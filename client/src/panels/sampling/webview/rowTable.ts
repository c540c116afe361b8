/// <reference lib="dom" />
/**
 * The virtualized table: @tanstack/virtual-core decides which rows are in view; rows are fetched from
 * the extension by window (the records stay there), cached per generation, and rendered as text.
 */
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { MAX_ROWS_PER_REQUEST, type RowSummary } from '../messages';
import { element, formatTime } from './dom';

export const ROW_HEIGHT = 24;

export interface RowTableEvents {
  requestRows(generation: number, start: number, count: number): void;
  select(row: RowSummary, extend: 'single' | 'toggle' | 'range'): void;
}

export class RowTable {
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly cache = new Map<number, RowSummary>();
  private readonly requested = new Set<number>();
  private generation = -1;
  private total = 0;
  private follow = true;
  readonly selected = new Set<number>();
  private lastSelected: number | undefined;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly body: HTMLElement,
    private readonly events: RowTableEvents,
  ) {
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      overscan: 12,
      // The sticky header row sits above the rows inside the scrolling element.
      scrollMargin: ROW_HEIGHT,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.render(),
    });
    this.virtualizer._didMount();
    this.scroller.addEventListener('scroll', () => {
      // Following the tail while the view is at the bottom; scrolling up stops it.
      this.follow = this.scroller.scrollTop + this.scroller.clientHeight >= this.scroller.scrollHeight - ROW_HEIGHT * 2;
    });
  }

  /** A new count (and maybe a new generation, which drops the cached rows). */
  update(generation: number, total: number): void {
    if (generation !== this.generation) {
      this.generation = generation;
      this.cache.clear();
      this.requested.clear();
    }
    this.total = total;
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: total });
    this.virtualizer._willUpdate();
    if (this.follow && total > 0) this.virtualizer.scrollToIndex(total - 1, { align: 'end' });
    this.render();
  }

  receive(generation: number, start: number, rows: RowSummary[]): void {
    if (generation !== this.generation) return;
    rows.forEach((row, index) => {
      this.cache.set(start + index, row);
      this.requested.delete(start + index);
    });
    this.render();
  }

  scrollTo(index: number): void {
    this.follow = false;
    this.virtualizer.scrollToIndex(index, { align: 'start' });
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  set scrollTop(value: number) {
    this.follow = false;
    this.scroller.scrollTop = value;
  }

  private render(): void {
    const items = this.virtualizer.getVirtualItems();
    this.body.style.height = `${this.virtualizer.getTotalSize()}px`;
    const missing: number[] = [];
    const nodes: HTMLElement[] = [];
    for (const item of items) {
      const row = this.cache.get(item.index);
      if (!row && !this.requested.has(item.index)) missing.push(item.index);
      nodes.push(this.rowNode(item.index, item.start, row));
    }
    this.body.replaceChildren(...nodes);
    if (missing.length > 0) {
      const start = Math.min(...missing);
      const count = Math.min(MAX_ROWS_PER_REQUEST, Math.max(...missing) - start + 1);
      for (let index = start; index < start + count; index++) this.requested.add(index);
      this.events.requestRows(this.generation, start, count);
    }
  }

  private rowNode(index: number, top: number, row: RowSummary | undefined): HTMLElement {
    const node = element('div', { className: 'row', attributes: { role: 'row', 'data-index': String(index) } });
    node.style.transform = `translateY(${top - ROW_HEIGHT}px)`;
    if (!row) {
      node.classList.add('loading');
      node.append(element('span', { className: 'cell wide', text: '…' }));
      return node;
    }
    node.dataset.seq = String(row.seq);
    if (this.selected.has(row.seq)) node.classList.add('selected');
    if (row.drift) node.classList.add('drift');
    if (row.format === 'binary') node.classList.add('binary');
    node.append(
      element('span', { className: 'cell partition', text: String(row.partition) }),
      element('span', { className: 'cell offset', text: row.offset }),
      element('span', { className: 'cell timestamp', text: formatTime(row.timestamp) }),
      element('span', { className: 'cell key', text: row.key, title: row.key }),
      element('span', {
        className: 'cell value',
        text: row.value,
        title: row.drift ? `Does not fit the local schema: ${row.drift}` : row.value,
      }),
      element('span', { className: 'cell headers', text: row.headers, title: row.headers }),
      element('span', { className: 'cell schema', text: row.schemaId === null ? row.format : String(row.schemaId) }),
    );
    node.addEventListener('click', (event) => {
      const extend = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single';
      this.choose(index, row, extend);
      this.events.select(row, extend);
    });
    return node;
  }

  private choose(index: number, row: RowSummary, extend: 'single' | 'toggle' | 'range'): void {
    if (extend === 'single') {
      this.selected.clear();
      this.selected.add(row.seq);
    } else if (extend === 'toggle') {
      if (this.selected.has(row.seq)) this.selected.delete(row.seq);
      else this.selected.add(row.seq);
    } else if (this.lastSelected !== undefined) {
      const [from, to] = [Math.min(this.lastSelected, index), Math.max(this.lastSelected, index)];
      for (let i = from; i <= to; i++) {
        const cached = this.cache.get(i);
        if (cached) this.selected.add(cached.seq);
      }
    }
    this.lastSelected = index;
    this.render();
  }

  get rowCount(): number {
    return this.total;
  }
}
