/**
 * What went wrong, as a stable code. One error class with a code keeps `instanceof` checks and
 * `switch (err.code)` simple for callers.
 */
export type SwitchyardErrorCode =
  /** The server refused the SDK key (401/403). The client stops retrying. */
  | 'UNAUTHORIZED'
  /** The server could not be reached, or the connection broke. */
  | 'NETWORK'
  /** The server answered with an unexpected HTTP status. */
  | 'HTTP_STATUS'
  /** No response, or no heartbeat on an open stream, within the configured time. */
  | 'TIMEOUT'
  /** The server sent data that does not pass the shared schemas; nothing of it was applied. */
  | 'MALFORMED_DATA'
  /** The cache file could not be read or written. */
  | 'CACHE_FILE'
  /** Evaluation metrics could not be delivered. */
  | 'EVENTS';

/** Every error the SDK reports through `status().lastError`, the `error` event and the logger. */
export class SwitchyardError extends Error {
  override readonly name = 'SwitchyardError';
  readonly code: SwitchyardErrorCode;
  /** The HTTP status, when the error came from a response. */
  readonly status: number | undefined;

  constructor(
    code: SwitchyardErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}

/** A readable message for anything thrown, for logs. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
