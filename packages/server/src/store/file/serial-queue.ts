/** Runs tasks one at a time, in the order they were queued: the in-process write lock of a store. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      // The next task waits for this one whether it succeeded or not.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
