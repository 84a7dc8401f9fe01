import {
  addHistogram,
  addSaturating,
  emptyHistogram,
  histogramQuantile,
  type VariantTotals,
  type VariantWindow,
} from '@switchyard/shared';
import type { MinuteMetrics } from '../store/types.js';

/** Sums per variant over a run of minutes, with the error rate and the p95 read off the summed histogram. */
export function totalsByVariant(series: readonly MinuteMetrics[]): VariantTotals[] {
  const totals = new Map<
    string,
    {
      variant: string | null;
      evaluations: number;
      exposures: number;
      errors: number;
      latency: ReturnType<typeof emptyHistogram>;
    }
  >();
  for (const m of series) {
    const id = m.variant ?? '';
    let t = totals.get(id);
    if (t === undefined) {
      t = { variant: m.variant, evaluations: 0, exposures: 0, errors: 0, latency: emptyHistogram() };
      totals.set(id, t);
    }
    t.evaluations = addSaturating(t.evaluations, m.evaluations);
    t.exposures = addSaturating(t.exposures, m.exposures);
    t.errors = addSaturating(t.errors, m.errors);
    if (m.latency) addHistogram(t.latency, m.latency);
  }
  return [...totals.values()].map(({ latency, ...t }) => ({
    ...t,
    errorRate: t.evaluations === 0 ? null : t.errors / t.evaluations,
    p95LatencyMs: histogramQuantile(latency, 0.95),
  }));
}

/** One variant's totals, or zeros when it was not seen. */
export function windowOf(totals: readonly VariantTotals[], variant: string): VariantWindow {
  const t = totals.find((x) => x.variant === variant);
  return t
    ? { evaluations: t.evaluations, errors: t.errors, errorRate: t.errorRate, p95LatencyMs: t.p95LatencyMs }
    : { evaluations: 0, errors: 0, errorRate: null, p95LatencyMs: null };
}
