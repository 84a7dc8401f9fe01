import type { Guards, VariantWindow } from '@switchyard/shared';

export type GuardVerdict =
  | { verdict: 'healthy'; reason: string }
  | { verdict: 'insufficient'; reason: string }
  | { verdict: 'regression'; reason: string };

const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;

/**
 * Compares the treatment (`on`) with the control (`off`) over one window. An absolute error rate
 * over the limit trips as soon as the treatment alone has enough samples; comparisons with the
 * control need enough samples on both sides. A step advances only when both sides have them.
 */
export function checkGuards(guards: Guards, treatment: VariantWindow, control: VariantWindow): GuardVerdict {
  const treatmentReady = treatment.evaluations >= guards.minSamples;
  const controlReady = control.evaluations >= guards.minSamples;
  // A side without an error rate or a latency reads as 0, which trips no limit.
  const t = treatment.errorRate ?? 0;
  const c = control.errorRate ?? 0;

  if (treatmentReady && t > guards.maxErrorRate) {
    return {
      verdict: 'regression',
      reason: `treatment error rate ${pct(t)} is over the limit of ${pct(guards.maxErrorRate)}`,
    };
  }
  if (treatmentReady && controlReady) {
    // A control without errors gives no ratio; the absolute limit above covers that case.
    if (c > 0 && t > guards.maxErrorRateRatio * c) {
      return {
        verdict: 'regression',
        reason: `treatment error rate ${pct(t)} is over ${guards.maxErrorRateRatio}x the control's ${pct(c)}`,
      };
    }
    const tp = treatment.p95LatencyMs ?? 0;
    const cp = control.p95LatencyMs ?? 0;
    if (cp > 0 && tp > guards.maxP95LatencyRatio * cp) {
      return {
        verdict: 'regression',
        reason: `treatment p95 latency ${tp} ms is over ${guards.maxP95LatencyRatio}x the control's ${cp} ms`,
      };
    }
    return { verdict: 'healthy', reason: 'within every guard' };
  }
  return {
    verdict: 'insufficient',
    reason: `needs ${guards.minSamples} evaluations on each side; treatment has ${treatment.evaluations}, control ${control.evaluations}`,
  };
}
