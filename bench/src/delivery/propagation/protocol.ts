// What the propagation benchmark hands its load process, and what the load process writes back.

export interface PropagationLoadConfig {
  /** Base URLs of the server instances; stream client i connects to urls[i % urls.length]. */
  readonly urls: readonly string[];
  readonly serverKey: string;
  readonly adminToken: string;
  readonly environment: string;
  readonly flagKey: string;
  readonly clients: number;
  /** Writes made and checked before measuring (JIT and connection warm-up). */
  readonly warmUpWrites: number;
  readonly writes: number;
  /** Pause after every client has the patch (or the timeout passed) before the next write. */
  readonly gapMs: number;
  /** How long to wait for every client to receive one patch. */
  readonly timeoutMs: number;
  /** Where the load process writes its PropagationLoadResult as JSON. */
  readonly resultFile: string;
}

export interface WriteResult {
  /** Index into urls of the instance the write was sent to. */
  readonly instance: number;
  readonly percentage: number;
  /** The flag version the write produced (from the admin API's response). */
  readonly version: number;
  /** Milliseconds from sending the write to its HTTP response. */
  readonly responseMs: number;
  /** Per client: milliseconds from sending the write to receiving the matching patch; null when it never came. */
  readonly latencies: readonly (number | null)[];
  /** Clients whose event with the expected id was not this flag at this version. */
  readonly mismatched: number;
}

export interface PropagationLoadResult {
  /** Per client: the index of the instance it streams from. */
  readonly clientInstance: readonly number[];
  /** The revision every client's `put` carried. */
  readonly startRevision: number;
  /** Milliseconds to open every stream and receive every `put`. */
  readonly connectMs: number;
  readonly writes: readonly WriteResult[];
}
