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

/**
 * A duration measured against an absolute bound. These were assertions in the tests, where they flaked on a
 * loaded 2-core machine; the tests keep checking what happens, the benchmark reports how long it takes.
 */
export interface BoundResult {
  name: string;
  ms: number;
  targetMs: number;
  /** Set when the measured operation did not end as expected (then the time means nothing). */
  problem?: string;
}

export async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The rows of the bounds table: met, MISSED, or why there is no valid measurement. */
export function boundRows(results: readonly BoundResult[]): string[] {
  return results.map((result) => {
    const verdict = result.problem
      ? `INVALID: ${result.problem}`
      : `${result.ms < result.targetMs ? 'met' : 'MISSED'} (< ${result.targetMs} ms)`;
    return `| ${result.name} | ${result.ms.toFixed(0)} | ${verdict} |`;
  });
}
