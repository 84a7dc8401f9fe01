// What the propagation benchmark hands its load process, what the load process and its reader
// processes say to each other (Node IPC), and what the load process writes back.

export interface PropagationLoadConfig {
  /** Base URLs of the server instances; stream client i connects to urls[i % urls.length]. */
  readonly urls: readonly string[];
  /** Process ids of the server instances, in the order of urls (their CPU time is read from /proc). */
  readonly serverPids: readonly number[];
  readonly serverKey: string;
  readonly adminToken: string;
  readonly environment: string;
  readonly flagKey: string;
  readonly clients: number;
  /** Processes holding the stream clients: client i lives in reader i % readers. */
  readonly readers: number;
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

/** Load process → reader. */
export type ToReader =
  | { type: 'clock' }
  /** The event id the next write will produce: count the clients that get it. */
  | { type: 'expect'; id: string }
  /** The write is over: send each client's receipt time of event `id` and check it is `version`. */
  | { type: 'collect'; id: string; version: number }
  | { type: 'quit' };

/** Reader → load process. Times are process.hrtime.bigint() in milliseconds (see load.ts). */
export type FromReader =
  | { type: 'ready'; putRevisions: number[]; failed: string | null }
  | { type: 'clock'; nowMs: number }
  | { type: 'all-received'; id: string }
  | {
      type: 'receipts';
      id: string;
      /** Per client of this reader, in client order: when the patch arrived, or null. */
      atMs: (number | null)[];
      mismatched: number;
    };

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
  /** Largest gap seen between a reader's clock and the load process's, less the IPC round trip, in ms. */
  readonly clockSkewMs: number;
  /** CPU seconds (user + system) each server instance used over the measured writes. */
  readonly serverCpuSeconds: readonly number[];
  /** CPU seconds the reader processes used over the measured writes, in all. */
  readonly readerCpuSeconds: number;
  readonly writes: readonly WriteResult[];
}
