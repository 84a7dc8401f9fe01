import { type Flag, type Segment, type SegmentInput, segmentSchema } from '@switchyard/shared';
import type { ClientStatus, SwitchyardClient } from '../client/client.js';
import { clientFacade, createClientCore } from '../client/client-facade.js';
import type { FlagKey, FlagTypes } from '../client/flag-types.js';
import { consoleLogger, type Logger } from '../logger.js';
import { type FlagOrValue, flagFromValue } from './flag-from-value.js';

/** Options of {@link createTestClient}. */
export interface TestClientOptions {
  /** Initial flags: full flag documents, or plain values served to everyone. */
  flags?: Record<string, FlagOrValue>;
  /** Initial segments, for flags whose rules use `inSegment`. */
  segments?: Record<string, Segment>;
  /** Where a throwing listener is reported. Default: the console. */
  logger?: Logger;
}

/**
 * A client for the application's own tests: the same interface and the same evaluation as
 * {@link createClient}, over flags the test sets, with no server. Setting a flag emits `change`.
 */
export interface TestClient<F = FlagTypes> extends SwitchyardClient<F> {
  /**
   * Sets one flag: a full flag document (its `version` is assigned), or a plain value served to
   * everyone (`true`, `'$10'`, `{ limit: 5 }`). Throws a TypeError for an invalid flag document.
   */
  set(key: FlagKey<F>, flagOrValue: FlagOrValue): void;
  /** Removes a flag; evaluating it then returns the default with FLAG_NOT_FOUND. */
  delete(key: FlagKey<F>): void;
  /** Sets a segment. */
  setSegment(segment: SegmentInput): void;
}

/** Creates a {@link TestClient}, ready at once. */
export function createTestClient<F = FlagTypes>(options: TestClientOptions = {}): TestClient<F> {
  // Nothing is reported anywhere, so no user ids need remembering.
  const core = createClientCore(options.logger ?? consoleLogger('warn'), null);
  const { store } = core;
  let version = 0;
  let closed = false;

  const flags: Record<string, Flag> = {};
  for (const [key, value] of Object.entries(options.flags ?? {}))
    flags[key] = flagFromValue(key, value, ++version);
  const segments: Record<string, Segment> = {};
  for (const segment of Object.values(options.segments ?? {})) segments[segment.key] = segment;
  store.replace({ flags, segments }, 'test');

  const status = (): ClientStatus => ({
    state: closed ? 'closed' : 'valid',
    mode: 'stream',
    source: 'test',
    revision: version,
    updatedAt: null,
    lastError: null,
  });

  const client = clientFacade<F>(core, {
    ready: async () => status(),
    status,
    async close() {
      closed = true;
    },
  });
  return Object.assign(client, {
    set(key: string, flagOrValue: FlagOrValue) {
      store.patch({ kind: 'flag', data: flagFromValue(key, flagOrValue, ++version) }, version);
    },
    delete(key: string) {
      const held = store.getFlag(key);
      if (held !== undefined) store.remove({ kind: 'flag', key, version: held.version }, ++version);
    },
    setSegment(segment: SegmentInput) {
      const parsed = segmentSchema.safeParse({ ...segment, version: version + 1 });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TypeError(
          `segment "${segment.key}" is invalid at ${issue?.path.join('.')}: ${issue?.message}`,
        );
      }
      store.patch({ kind: 'segment', data: parsed.data }, ++version);
    },
  });
}
