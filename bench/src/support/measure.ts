/** Collects garbage left by earlier work, when node runs with --expose-gc (scripts/bench.mjs passes it). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `work` once and returns its result with the elapsed wall time in nanoseconds. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ns: number }> {
  collectGarbage();
  const start = process.hrtime.bigint();
  let result = work();
  if (result instanceof Promise) result = await result;
  const ns = Number(process.hrtime.bigint() - start);
  return { result: result as T, ns };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
