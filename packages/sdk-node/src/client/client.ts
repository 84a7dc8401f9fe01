import type { ContextOrUserId, EvaluatedFlags, EvaluationResult } from '@switchyard/shared';
import type { SwitchyardError } from '../errors.js';
import type { RulesetSource } from '../ruleset/ruleset-store.js';
import type { BooleanFlagKey, FlagDefault, FlagKey, FlagTypes, FlagValue } from './flag-types.js';

/**
 * - `initializing`: no ruleset from the server yet; still trying.
 * - `valid`: connected (or polling successfully) with a current ruleset.
 * - `interrupted`: the server cannot be reached right now; the last good ruleset is served and the
 *   client keeps retrying.
 * - `unauthorized`: the server refused the SDK key; the client has stopped trying.
 * - `closed`: `close()` was called.
 */
export type ClientState = 'initializing' | 'valid' | 'interrupted' | 'unauthorized' | 'closed';

/** A snapshot of the client's connection and data, from `status()`. */
export interface ClientStatus {
  state: ClientState;
  /** How the ruleset is delivered: a live stream, or polling (`stream: false`, or the server refused). */
  mode: 'stream' | 'poll';
  /** Where the ruleset being served came from; null before any arrived. */
  source: RulesetSource | null;
  /** The environment revision of the ruleset being served, when known. */
  revision: number | null;
  /** When the server last confirmed the ruleset (a put, a patch, a poll); null if it never has. */
  updatedAt: Date | null;
  /** The most recent error, kept after recovery for diagnosis. */
  lastError: SwitchyardError | null;
}

/** Events a client emits. */
export interface ClientEvents {
  /** Flags whose results may have changed (sorted keys): changed, deleted, or depending on a change. */
  change: [keys: string[]];
  /** Something went wrong that the application may want to know; the client carries on if it can. */
  error: [error: SwitchyardError];
  /** The status changed (state, mode or source). */
  status: [status: ClientStatus];
}

/**
 * A Switchyard client. Evaluation is local, synchronous and never throws: when a flag cannot be
 * evaluated the default is returned and `evaluate` tells why.
 *
 * `F` types flag keys and values; see {@link FlagTypes}.
 */
export interface SwitchyardClient<F = FlagTypes> {
  /**
   * Resolves once the first ruleset arrived from the server, the key was refused, the client was
   * closed or `timeoutMs` passed, whichever comes first. Never rejects; resolves to `status()`.
   */
  ready(): Promise<ClientStatus>;
  /**
   * True when the boolean flag `key` serves `on` for `context` (a user id or a context object).
   * False for a missing flag, a flag of another type, or before any ruleset arrived.
   */
  isEnabled(key: BooleanFlagKey<F>, context: ContextOrUserId): boolean;
  /** The value `key` serves for `context`, or `defaultValue` when it cannot be evaluated. */
  variation<K extends FlagKey<F>, D extends FlagDefault<F, K>>(
    key: K,
    context: ContextOrUserId,
    defaultValue: D,
  ): FlagValue<F, K, D>;
  /**
   * The value with the variant that served it and the reason. When the flag is missing, not ready
   * or of another type than `defaultValue`, the value is `defaultValue`, the variant null and the
   * reason `{ kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' | 'NOT_READY' | 'TYPE_MISMATCH' }`.
   */
  evaluate<K extends FlagKey<F>, D extends FlagDefault<F, K> = FlagDefault<F, K>>(
    key: K,
    context: ContextOrUserId,
    defaultValue?: D,
  ): EvaluationResult<FlagValue<F, K, D>>;
  /**
   * The variant `key` serves `context` right now (`on`, `off`, ...), or null when the flag is missing
   * or no ruleset arrived yet. Not counted as an evaluation. Put it on your own metrics as a label
   * (`flag_variant`) so that Prometheus guards can compare the treatment with the control; see
   * `@switchyard/sdk-node/prometheus`.
   */
  variantOf(key: FlagKey<F>, context: ContextOrUserId): string | null;
  /**
   * Every flag evaluated for `context`, keyed by flag key (the wire format `evaluatedFlagsSchema`,
   * so it can bootstrap a browser). Not counted as evaluations. Empty before any ruleset arrived.
   */
  allFlags(context: ContextOrUserId): EvaluatedFlags;
  /** Subscribes to an event; returns a function that unsubscribes. A throwing listener is logged. */
  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): () => void;
  off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): void;
  /** The connection state, data source and last error right now. */
  status(): ClientStatus;
  /**
   * Reports that the application failed while `key` was serving `context` (counted against the
   * variant that context is served), for guarded rollouts.
   */
  recordError(key: FlagKey<F>, context: ContextOrUserId): void;
  /** Reports how long the code behind `key` took for `context`, in milliseconds. */
  recordLatency(key: FlagKey<F>, context: ContextOrUserId, ms: number): void;
  /**
   * Stops the stream and timers and sends the metrics not yet sent (waiting at most `timeoutMs`).
   * The client goes on evaluating the last ruleset it had. Safe to call more than once.
   */
  close(): Promise<void>;
}
