/**
 * Keeps the process alive while the application awaits `promise`, for at most `ms`. The SDK's own
 * sockets and timers are unref'd so that it never holds a process open by itself; but a script whose
 * last act is `await flags.close()` must not exit before the last metrics are sent. `ms` must exceed
 * the longest timeout inside `promise`, or the process may exit just before it settles.
 */
export function holdOpen<T>(promise: Promise<T>, ms: number): Promise<T> {
  const timer = setTimeout(() => {}, Math.max(0, ms));
  return promise.finally(() => clearTimeout(timer));
}
