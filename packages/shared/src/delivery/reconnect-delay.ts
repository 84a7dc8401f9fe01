/** How long to wait before reconnecting a dropped stream. */
export interface ReconnectOptions {
  /** Delay before the first retry, in milliseconds (default 1000). */
  initialDelayMs?: number;
  /** Longest delay between retries, in milliseconds (default 30000). */
  maxDelayMs?: number;
}

/**
 * Exponential backoff with "equal jitter": attempt n (from 0) waits between half and all of
 * min(max, initial * 2^n), so that many SDKs dropped at once by a server restart do not come back in
 * lockstep, yet none retries sooner than half the backoff. Every SDK and the console reconnect by it.
 */
export function reconnectDelay(
  attempt: number,
  options: ReconnectOptions = {},
  random = Math.random,
): number {
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}
