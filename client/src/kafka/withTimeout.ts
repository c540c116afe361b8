/** An operation that did not finish in time. describeConnectionError reports it as kind 'timeout'. */
export class OperationTimeoutError extends Error {
  override readonly name = 'OperationTimeoutError';

  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    readonly target?: string,
  ) {
    super(`${operation} did not finish within ${timeoutMs} ms${target ? ` (${target})` : ''}`);
  }
}

/**
 * `promise`, or an OperationTimeoutError after `timeoutMs`. The loser's later rejection is swallowed,
 * so a timed-out network call can never surface as an unhandled rejection. `onTimeout` runs once when
 * the time is up (to disconnect a client, for example); its own failure is swallowed too.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  operation: string,
  options: { target?: string; onTimeout?: () => unknown } = {},
): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        const cleanup = options.onTimeout?.();
        if (cleanup instanceof Promise) cleanup.catch(() => undefined);
      } catch {
        // Cleaning up is best effort; the timeout is the error to report.
      }
      reject(new OperationTimeoutError(operation, timeoutMs, options.target));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits for `work` (a disconnect, say) at most `ms`, ignoring its failure. kafkajs's disconnect waits for
 * an in-flight connect to give up, which can take far longer than the caller's own bound.
 */
export async function settleWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
