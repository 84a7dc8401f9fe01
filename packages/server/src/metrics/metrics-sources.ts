import { type ApiKeyKind, addVariantMetrics } from '@switchyard/shared';
import { compareMinuteMetrics } from '../store/metrics-math.js';
import type { FlagStore, MinuteMetrics } from '../store/types.js';

/**
 * Who reported a metric: services with server keys, or browsers with client keys. Client keys are
 * public, so anyone can report under them; guarded rollouts read only server-key metrics unless a plan
 * opts in (`guards.clientMetrics`), while charts show both.
 */
export type MetricsSource = 'server' | 'client';

export const sourceOfKey = (kind: ApiKeyKind): MetricsSource => (kind === 'client' ? 'client' : 'server');

/**
 * Where a source's metrics are kept: client-key metrics under the environment's key plus `#client`,
 * which no environment key can be (keys have no `#`), so both stores keep them apart unchanged.
 */
export function metricsScope(environment: string, source: MetricsSource): string {
  return source === 'server' ? environment : `${environment}#client`;
}

/** Per-minute metrics of one flag from the given sources, added up per minute and variant. */
export async function readMetricsOf(
  store: FlagStore,
  environment: string,
  flag: string,
  fromMinute: number,
  toMinute: number,
  sources: readonly MetricsSource[],
): Promise<MinuteMetrics[]> {
  const rows = new Map<string, MinuteMetrics>();
  for (const source of sources) {
    for (const m of await store.readMetrics(metricsScope(environment, source), flag, fromMinute, toMinute)) {
      const id = `${m.minute}|${m.variant ?? ''}`;
      const row = rows.get(id);
      if (row === undefined) rows.set(id, m);
      else addVariantMetrics(row, m);
    }
  }
  return [...rows.values()].sort(compareMinuteMetrics);
}
