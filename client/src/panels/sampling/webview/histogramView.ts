/// <reference lib="dom" />
/**
 * Messages over time as bars; dragging across it (brushing) selects a time range that narrows the
 * table, a double click clears it.
 */
import type { HistogramData } from '../messages';
import { formatTime } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

export class HistogramView {
  private data: HistogramData | null = null;
  private range: [number, number] | null = null;
  private dragStart: number | undefined;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly label: HTMLElement,
    private readonly onRange: (range: [number, number] | null) => void,
  ) {
    svg.addEventListener('pointerdown', (event) => {
      if (!this.data) return;
      this.dragStart = this.xOf(event);
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener('pointermove', (event) => {
      if (this.dragStart === undefined) return;
      this.drawBrush(this.dragStart, this.xOf(event));
    });
    svg.addEventListener('pointerup', (event) => {
      if (this.dragStart === undefined || !this.data) return;
      const [a, b] = [this.dragStart, this.xOf(event)].sort((x, y) => x - y);
      this.dragStart = undefined;
      if (b - a < 0.005) return; // a click, not a drag
      const span = this.data.to - this.data.from;
      this.range = [Math.floor(this.data.from + a * span), Math.ceil(this.data.from + b * span)];
      this.draw();
      this.onRange(this.range);
    });
    svg.addEventListener('dblclick', () => {
      this.range = null;
      this.draw();
      this.onRange(null);
    });
  }

  update(data: HistogramData | null): void {
    this.data = data;
    this.draw();
  }

  /** The brushed range, as restored from the webview's state. */
  setRange(range: [number, number] | null): void {
    this.range = range;
    this.draw();
  }

  private xOf(event: PointerEvent): number {
    const box = this.svg.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - box.left) / Math.max(1, box.width)));
  }

  private draw(): void {
    this.svg.replaceChildren();
    this.svg.setAttribute('viewBox', '0 0 1000 100');
    this.svg.setAttribute('preserveAspectRatio', 'none');
    const data = this.data;
    if (!data) {
      this.label.textContent = 'No messages yet.';
      return;
    }
    const max = Math.max(1, ...data.counts);
    const width = 1000 / data.counts.length;
    data.counts.forEach((count, index) => {
      const bar = document.createElementNS(SVG, 'rect');
      const height = (count / max) * 96;
      bar.setAttribute('x', String(index * width + 0.5));
      bar.setAttribute('y', String(100 - height));
      bar.setAttribute('width', String(Math.max(0.5, width - 1)));
      bar.setAttribute('height', String(height));
      bar.setAttribute('class', 'bar');
      const title = document.createElementNS(SVG, 'title');
      const span = (data.to - data.from) / data.counts.length;
      title.textContent = `${count} from ${formatTime(data.from + index * span)}`;
      bar.append(title);
      this.svg.append(bar);
    });
    if (this.range) {
      const span = data.to - data.from;
      this.drawBrush((this.range[0] - data.from) / span, (this.range[1] - data.from) / span);
    }
    this.label.textContent = `${formatTime(data.from)} … ${formatTime(data.to)}${this.range ? `   (showing ${formatTime(this.range[0])} … ${formatTime(this.range[1])}; double-click to clear)` : '   (drag to narrow the table)'}`;
  }

  private drawBrush(a: number, b: number): void {
    this.svg.querySelector('.brush')?.remove();
    const [from, to] = [Math.max(0, Math.min(a, b)), Math.min(1, Math.max(a, b))];
    const brush = document.createElementNS(SVG, 'rect');
    brush.setAttribute('class', 'brush');
    brush.setAttribute('x', String(from * 1000));
    brush.setAttribute('y', '0');
    brush.setAttribute('width', String((to - from) * 1000));
    brush.setAttribute('height', '100');
    this.svg.append(brush);
  }
}
