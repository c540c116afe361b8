import { performance } from 'node:perf_hooks';

export interface BenchResult {
  name: string;
  baseline: string;
  baselineMs: number;
  subjectMs: number;
  ratio: number;
  /** The largest ratio the issue allows, when it sets one. */
  target?: number;
}

export function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
