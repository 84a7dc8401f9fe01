import type { ContextOrUserId, EvaluationResult } from '@switchyard/shared';
import { CountingEvaluator } from '../evaluation/counting-evaluator.js';
import type { Logger } from '../logger.js';
import { createMetricsSink, type MetricsDestination, type MetricsSink } from '../metrics/metrics-sink.js';
import { createRulesetStore, type RulesetStore } from '../ruleset/ruleset-store.js';
import type { ClientEvents, ClientStatus, SwitchyardClient } from './client.js';
import { SafeEmitter } from './emitter.js';
import type { FlagDefault, FlagKey, FlagValue } from './flag-types.js';

/** What evaluates and counts, the same in {@link createClient} and {@link createTestClient}. */
export interface ClientCore {
  readonly store: RulesetStore;
  readonly emitter: SafeEmitter<ClientEvents>;
  readonly reader: CountingEvaluator;
  readonly metrics: MetricsSink;
}

/** A ruleset store, the evaluator counting into the metrics sink, and `change` events for every change. */
export function createClientCore(logger: Logger, destination: MetricsDestination): ClientCore {
  const emitter = new SafeEmitter<ClientEvents>(logger);
  const store = createRulesetStore();
  const metrics = createMetricsSink((key) => store.getFlag(key)?.type ?? null, destination);
  const reader = new CountingEvaluator(store, metrics.counter);
  store.onChange((keys) => {
    metrics.counter.refresh(keys);
    emitter.emit('change', keys);
  });
  return { store, emitter, reader, metrics };
}

/** How a client waits, reports its status and closes: what differs between the two clients. */
export interface ClientLifecycle {
  ready(): Promise<ClientStatus>;
  status(): ClientStatus;
  close(): Promise<void>;
}

/**
 * The {@link SwitchyardClient} interface over a core. Values are checked against the default's type at
 * run time (TYPE_MISMATCH otherwise), which is what the typed `variation` and `evaluate` promise.
 */
export function clientFacade<F>(core: ClientCore, lifecycle: ClientLifecycle): SwitchyardClient<F> {
  const { reader, emitter, metrics } = core;
  return {
    ready: () => lifecycle.ready(),
    isEnabled: (key, context) => reader.isEnabled(key, context),
    variation: <K extends FlagKey<F>, D extends FlagDefault<F, K>>(
      key: K,
      context: ContextOrUserId,
      defaultValue: D,
    ) => reader.variation(key, context, defaultValue) as FlagValue<F, K, D>,
    evaluate: <K extends FlagKey<F>, D extends FlagDefault<F, K> = FlagDefault<F, K>>(
      key: K,
      context: ContextOrUserId,
      defaultValue?: D,
    ) => reader.evaluate(key, context, defaultValue) as EvaluationResult<FlagValue<F, K, D>>,
    allFlags: (context) => reader.allFlags(context),
    variantOf: (key, context) => reader.servedVariant(key, context),
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    status: () => lifecycle.status(),
    recordError: (key, context) => metrics.recordError(key, reader.servedVariant(key, context)),
    recordLatency: (key, context, ms) => metrics.recordLatency(key, reader.servedVariant(key, context), ms),
    close: () => lifecycle.close(),
  };
}
