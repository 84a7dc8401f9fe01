import {
  type EvaluationContext,
  type FlagValueType,
  GeneralError,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  ProviderFatalError,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import {
  type ClientOptions,
  type ClientStatus,
  createClient,
  type SwitchyardClient,
} from '@switchyard/sdk-node';
import { fromOpenFeatureContext as toSwitchyardContext } from '@switchyard/shared';
import {
  ProviderStateEvents,
  type ProviderStateReading,
  providerStateEvent,
} from '../mapping/provider-state.js';
import { toResolution } from '../mapping/resolution.js';
import { toTrackedMetric } from '../mapping/tracking.js';

/**
 * Either the options of `createClient` from `@switchyard/sdk-node` (the provider creates the client and
 * closes it in `onClose`), or a client you made yourself (`createClient`, `createTestClient`), which
 * the provider uses but leaves for you to close.
 */
export type SwitchyardProviderOptions = ClientOptions | { client: SwitchyardClient };

/**
 * An OpenFeature provider for `@openfeature/server-sdk` that evaluates locally through Switchyard's Node
 * SDK: each resolution is a synchronous, in-memory evaluation over the streamed ruleset.
 */
export class SwitchyardProvider implements Provider {
  readonly metadata = { name: 'switchyard' } as const;
  readonly runsOn = 'server';
  readonly events = new OpenFeatureEventEmitter();
  /** The Switchyard client behind the provider, for what OpenFeature has no words for (`allFlags`). */
  readonly client: SwitchyardClient;
  private readonly ownsClient: boolean;
  private readonly state: ProviderStateEvents;
  private readonly unsubscribe: (() => void)[];

  constructor(options: SwitchyardProviderOptions) {
    this.ownsClient = !('client' in options);
    this.client = 'client' in options ? options.client : createClient(options);
    this.state = new ProviderStateEvents(
      () => readState(this.client.status()),
      (state, message) => {
        const { event, details } = providerStateEvent(state, message);
        this.events.emit(ProviderEvents[event], details);
      },
    );
    this.unsubscribe = [
      this.client.on('status', () => this.state.update()),
      this.client.on('change', (keys) => {
        if (this.state.live) this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: keys });
      }),
    ];
  }

  /**
   * Waits for the client's `ready()`. Resolves once the server's flags arrived, or when flags from the
   * cache file or bootstrap are being served (then STALE follows, READY once the server answers).
   * Throws a fatal error when the server refused the SDK key, and a general one when no flags came
   * within `timeoutMs` (READY follows if they arrive later).
   */
  async initialize(): Promise<void> {
    const status = await this.client.ready();
    const { state, message } = readState(status);
    if (state === 'fatal') {
      this.state.initialized('fatal');
      throw new ProviderFatalError(message);
    }
    if (state === 'error' || state === null) {
      this.state.initialized('error');
      throw new GeneralError(message ?? 'the Switchyard client was closed');
    }
    this.state.initialized('ready');
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'boolean'));
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'string'));
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'number'));
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.resolve(flagKey, defaultValue, context, 'object'));
  }

  /**
   * Forwards `switchyard.error` to `recordError` and `switchyard.latency` to `recordLatency`, for the
   * flag named in `details.flag` and the variant `context` is served; other events are not forwarded.
   */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    const metric = toTrackedMetric(trackingEventName, details);
    if (metric === null) return;
    const switchyardContext = toSwitchyardContext(context);
    if (metric.kind === 'error') this.client.recordError(metric.flag, switchyardContext);
    else this.client.recordLatency(metric.flag, switchyardContext, metric.ms);
  }

  /** Stops listening to the client, and closes it (sending the metrics not yet sent) if the provider made it. */
  async onClose(): Promise<void> {
    this.state.close();
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    if (this.ownsClient) await this.client.close();
  }

  private resolve<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    type: FlagValueType,
  ): ResolutionDetails<T> {
    // The client checks the served value against the default's type (TYPE_MISMATCH).
    const result = this.client.evaluate(flagKey, toSwitchyardContext(context), defaultValue);
    return toResolution(flagKey, result, defaultValue, type);
  }
}

function readState(status: ClientStatus): ProviderStateReading {
  const message = status.lastError?.message;
  switch (status.state) {
    case 'valid':
      return { state: 'ready' };
    case 'interrupted':
      return { state: 'stale', message };
    case 'initializing':
      // Flags from a cache file or bootstrap are served, but they may be old.
      return status.source === null
        ? { state: 'error', message: message ?? 'no flags from the Switchyard server yet' }
        : { state: 'stale', message: message ?? `serving flags from the ${status.source}` };
    case 'unauthorized':
      return { state: 'fatal', message: message ?? 'the Switchyard server refused the SDK key' };
    case 'closed':
      return { state: null };
  }
}
