import {
  type EvaluationContext,
  type FlagValueType,
  GeneralError,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/web-sdk';
import { type BrowserClient, type BrowserClientOptions, createBrowserClient } from '@switchyard/sdk-react';
import { fromOpenFeatureContext as toSwitchyardContext } from '@switchyard/shared';
import {
  ProviderStateEvents,
  type ProviderStateReading,
  providerStateEvent,
} from '../mapping/provider-state.js';
import { toResolution } from '../mapping/resolution.js';
import { toTrackedMetric } from '../mapping/tracking.js';
import { ChangedFlags } from './changed-flags.js';
import { valuesSettled } from './values-settled.js';

/**
 * Either the options of `createBrowserClient` from `@switchyard/sdk-react` without `context` (the
 * context is OpenFeature's), or a browser client you made yourself, which the provider uses but
 * leaves for you to close. `timeoutMs` bounds how long `initialize` waits for values (default 5000).
 */
export type SwitchyardWebProviderOptions = (
  | Omit<BrowserClientOptions, 'context' | 'autoStart'>
  | { client: BrowserClient }
) & { timeoutMs?: number };

/**
 * An OpenFeature provider for `@openfeature/web-sdk` (and `@openfeature/react-sdk`) over Switchyard's
 * browser client. Static-context paradigm: the server evaluates every flag for OpenFeature's context;
 * resolutions read those values from memory, and a context change evaluates again.
 */
export class SwitchyardWebProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'client';
  readonly events = new OpenFeatureEventEmitter();
  /** The Switchyard browser client behind the provider. */
  readonly client: BrowserClient;
  private readonly ownsClient: boolean;
  private readonly timeoutMs: number;
  private readonly state: ProviderStateEvents;
  private readonly changed: ChangedFlags;
  private readonly unsubscribe: () => void;
  /** Context changes in flight: the values they bring are not configuration changes. */
  private reconciling = 0;

  constructor(options: SwitchyardWebProviderOptions) {
    const { timeoutMs = 5000, ...rest } = options;
    this.timeoutMs = timeoutMs;
    this.ownsClient = !('client' in rest);
    this.client = 'client' in rest ? rest.client : createBrowserClient({ ...rest, autoStart: false });
    const { store } = this.client;
    this.state = new ProviderStateEvents(
      () => readState(this.client),
      (state, message) => {
        const { event, details } = providerStateEvent(state, message);
        this.events.emit(ProviderEvents[event], details);
      },
    );
    this.changed = new ChangedFlags(store, (keys) => {
      if (this.state.live && this.reconciling === 0)
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: keys });
    });
    this.unsubscribe = store.subscribeStatus(() => this.state.update());
  }

  /**
   * Evaluates for OpenFeature's context and resolves once the values are in. A wrapped client keeps its
   * own context while OpenFeature's is empty. Throws when the server refused the key or could not be
   * reached before any values arrived, or after `timeoutMs`; READY follows if values arrive later.
   */
  async initialize(context: EvaluationContext = {}): Promise<void> {
    if (this.ownsClient || Object.keys(context).length > 0)
      await this.client.setContext(toSwitchyardContext(context));
    this.client.start();
    const outcome = await valuesSettled(this.client.store, this.timeoutMs);
    if (outcome === 'ready') {
      this.state.initialized('ready');
      return;
    }
    this.state.initialized('error');
    throw new GeneralError(
      outcome === 'timeout'
        ? `no flag values from the Switchyard server within ${this.timeoutMs} ms`
        : outcome.message,
    );
  }

  /**
   * Evaluates every flag on the server for the new context; resolves when the new values are in, and
   * throws (OpenFeature then reports ERROR) when they could not be fetched. Until then the previous
   * context's values are served.
   */
  async onContextChange(_oldContext: EvaluationContext, newContext: EvaluationContext): Promise<void> {
    this.reconciling++;
    try {
      await this.client.setContext(toSwitchyardContext(newContext));
    } finally {
      this.reconciling--;
    }
    const { error } = this.client.store.getStatus();
    if (error !== null) throw new GeneralError(error.message);
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.resolve(flagKey, defaultValue, 'boolean');
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.resolve(flagKey, defaultValue, 'string');
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.resolve(flagKey, defaultValue, 'number');
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return this.resolve(flagKey, defaultValue, 'object');
  }

  /**
   * Forwards `switchyard.error` to `recordError` and `switchyard.latency` to `recordLatency`, for the
   * flag named in `details.flag` and the variant the browser is served; other events are not forwarded.
   */
  track(trackingEventName: string, _context: EvaluationContext, details: TrackingEventDetails): void {
    const metric = toTrackedMetric(trackingEventName, details);
    if (metric === null) return;
    if (metric.kind === 'error') this.client.recordError(metric.flag);
    else this.client.recordLatency(metric.flag, metric.ms);
  }

  /** Stops listening to the client, and closes it (sending the counts not yet sent) if the provider made it. */
  async onClose(): Promise<void> {
    this.state.close();
    this.unsubscribe();
    this.changed.close();
    if (this.ownsClient) await this.client.close();
  }

  private resolve<T extends JsonValue>(flagKey: string, defaultValue: T, type: FlagValueType) {
    this.changed.watch(flagKey);
    // Read and counted as the browser client's own reads are, TYPE_MISMATCH included.
    return toResolution(flagKey, this.client.variationDetail(flagKey, defaultValue), defaultValue, type);
  }
}

function readState(client: BrowserClient): ProviderStateReading {
  const { ready, error } = client.store.getStatus();
  if (error === null) return { state: ready ? 'ready' : null };
  return { state: ready ? 'stale' : 'error', message: error.message };
}
