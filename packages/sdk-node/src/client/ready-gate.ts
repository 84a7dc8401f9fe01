/**
 * What `ready()` waits for: settled by the first ruleset from the server, a refused key, `close()`,
 * or `timeoutMs` (after `beforeTimeout`, which serves the cache file on a cold start). The timer is
 * unref'd, so that the SDK holds no process open; `wait()` refs it while the application awaits.
 */
export interface ReadyGate {
  readonly settled: boolean;
  settle(): void;
  wait(): Promise<void>;
}

export function createReadyGate(timeoutMs: number, beforeTimeout: () => Promise<void>): ReadyGate {
  let settled = false;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const settle = () => {
    settled = true;
    clearTimeout(timer);
    open();
  };
  const timer = setTimeout(() => void beforeTimeout().then(settle), timeoutMs);
  timer.unref();
  return {
    get settled() {
      return settled;
    },
    settle,
    wait() {
      if (!settled) timer.ref();
      return opened;
    },
  };
}
