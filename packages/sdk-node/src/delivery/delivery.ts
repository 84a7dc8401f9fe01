import type { RulesetResponse, StreamDelete, StreamPatch } from '@switchyard/shared';
import type { SwitchyardError } from '../errors.js';

/** What a delivery mechanism (stream or polling) reports to the client. */
export interface DeliverySink {
  /** A whole ruleset (stream `put`, or a poll that found changes). */
  put(ruleset: RulesetResponse): void;
  patch(patch: StreamPatch, revision: number | undefined): void;
  remove(change: StreamDelete, revision: number | undefined): void;
  /** The server confirmed that the ruleset held is current (stream opened, poll answered 304). */
  confirmed(): void;
  /** Delivery failed and will be retried. */
  interrupted(error: SwitchyardError): void;
  /** The server refused the key: delivery has stopped for good. */
  unauthorized(error: SwitchyardError): void;
  /** Delivery switched from streaming to polling. */
  switchedToPolling(reason: string): void;
}

/** A running delivery mechanism. */
export interface Delivery {
  stop(): void;
}

/** Statuses after which retrying with the same key is pointless. */
export function isUnauthorized(status: number): boolean {
  return status === 401 || status === 403;
}
