import type { Guards, VariantWindow } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { checkGuards } from '../../src/rollouts/guards.js';

const guards: Guards = {
  maxErrorRate: 0.05,
  maxErrorRateRatio: 2,
  maxP95LatencyRatio: 1.5,
  windowSeconds: 120,
  minSamples: 100,
  clientMetrics: false,
};
const side = (evaluations: number, errorRate: number | null, p95LatencyMs: number | null): VariantWindow => ({
  evaluations,
  errors: errorRate === null ? 0 : Math.round(evaluations * errorRate),
  errorRate,
  p95LatencyMs,
});

describe('checkGuards', () => {
  it.each<[string, VariantWindow, VariantWindow, string, string]>([
    // Samples: each side needs minSamples evaluations, exactly that many being enough.
    ['both sides at minSamples', side(100, 0.01, 50), side(100, 0.01, 50), 'healthy', 'within every guard'],
    [
      'treatment one short',
      side(99, 0.01, 50),
      side(100, 0.01, 50),
      'insufficient',
      'needs 100 evaluations on each side; treatment has 99, control 100',
    ],
    [
      'control one short',
      side(100, 0.01, 50),
      side(99, 0.01, 50),
      'insufficient',
      'needs 100 evaluations on each side; treatment has 100, control 99',
    ],
    // The absolute error rate trips on the treatment alone, but only once it has enough samples.
    [
      'treatment error rate over the limit, control short',
      side(100, 0.0501, 50),
      side(0, null, null),
      'regression',
      'treatment error rate 5.01% is over the limit of 5.00%',
    ],
    [
      'treatment error rate at the limit',
      side(100, 0.05, 50),
      side(100, 0.04, 50),
      'healthy',
      'within every guard',
    ],
    [
      'treatment error rate over the limit but too few samples',
      side(99, 0.5, 50),
      side(100, 0.01, 50),
      'insufficient',
      'needs 100 evaluations on each side; treatment has 99, control 100',
    ],
    [
      'treatment without an error rate',
      side(100, null, 50),
      side(100, 0.01, 50),
      'healthy',
      'within every guard',
    ],
    // The error-rate ratio needs both sides and a control with errors.
    [
      'treatment error rate over twice the control',
      side(100, 0.0201, 50),
      side(100, 0.01, 50),
      'regression',
      "treatment error rate 2.01% is over 2x the control's 1.00%",
    ],
    [
      'treatment error rate exactly twice the control',
      side(100, 0.02, 50),
      side(100, 0.01, 50),
      'healthy',
      'within every guard',
    ],
    ['control without errors', side(100, 0.04, 50), side(100, 0, 50), 'healthy', 'within every guard'],
    [
      'control without an error rate',
      side(100, 0.04, 50),
      side(100, null, 50),
      'healthy',
      'within every guard',
    ],
    [
      'treatment without an error rate against a control with errors',
      side(100, null, 50),
      side(100, 0.01, 50),
      'healthy',
      'within every guard',
    ],
    [
      'error ratio over, control short',
      side(100, 0.03, 50),
      side(99, 0.01, 50),
      'insufficient',
      'needs 100 evaluations on each side; treatment has 100, control 99',
    ],
    // The p95 latency ratio needs both latencies and a control latency above zero.
    [
      'treatment p95 over 1.5x the control',
      side(100, 0.01, 151),
      side(100, 0.01, 100),
      'regression',
      "treatment p95 latency 151 ms is over 1.5x the control's 100 ms",
    ],
    [
      'treatment p95 exactly 1.5x the control',
      side(100, 0.01, 150),
      side(100, 0.01, 100),
      'healthy',
      'within every guard',
    ],
    ['control p95 of zero', side(100, 0.01, 5), side(100, 0.01, 0), 'healthy', 'within every guard'],
    ['no treatment p95', side(100, 0.01, null), side(100, 0.01, 100), 'healthy', 'within every guard'],
    ['no control p95', side(100, 0.01, 500), side(100, 0.01, null), 'healthy', 'within every guard'],
    [
      'p95 over, control short',
      side(100, 0.01, 500),
      side(99, 0.01, 100),
      'insufficient',
      'needs 100 evaluations on each side; treatment has 100, control 99',
    ],
    // Guards are checked in order: absolute error rate, error ratio, latency.
    [
      'every guard tripped',
      side(100, 0.2, 500),
      side(100, 0.01, 100),
      'regression',
      'treatment error rate 20.00% is over the limit of 5.00%',
    ],
    [
      'error ratio and latency tripped',
      side(100, 0.03, 500),
      side(100, 0.01, 100),
      'regression',
      "treatment error rate 3.00% is over 2x the control's 1.00%",
    ],
  ])('%s: %s', (_, treatment, control, verdict, reason) => {
    expect(checkGuards(guards, treatment, control)).toEqual({ verdict, reason });
  });
});
