import type { GuardVerdict } from './guards.js';

/**
 * An always-valid sequential test of "the treatment errs more often than the control": the mixture
 * sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh ("Always Valid Inference",
 * 2017) on the difference of the two error rates, with a normal mixing distribution N(0, τ²).
 *
 *   θ̂ = p̂_t − p̂_c        V = p̄(1 − p̄)(1/n_t + 1/n_c)   (p̄: both sides pooled, as under H0)
 *   Λ = √(V / (V + τ²)) · exp(θ̂² τ² / (2 V (V + τ²)))
 *
 * It rejects (rolls back) when θ̂ > 0 and Λ ≥ 1/α. Because Λ is a martingale under H0, the chance
 * that it ever crosses 1/α is at most α, however often it is looked at: checking every second does
 * not inflate false rollbacks, unlike a fixed-sample test run again and again. Counts are cumulative
 * over the whole plan (treatment and control are served side by side, so every step adds to both).
 */
export const SEQUENTIAL_TEST = {
  /** The most false rollbacks allowed over a plan's whole life (A/A). */
  alpha: 0.01,
  /** The spread of error-rate differences the test is tuned for: about one percentage point. */
  tau: 0.01,
} as const;

export interface ErrorCounts {
  evaluations: number;
  errors: number;
}

export interface SequentialResult {
  /** True when the treatment errs more than the control, beyond what chance explains at `alpha`. */
  regression: boolean;
  /** ln Λ, and the ln(1/α) it must reach. */
  logLikelihoodRatio: number;
  threshold: number;
  treatment: ErrorCounts;
  control: ErrorCounts;
}

/** ln Λ of the mSPRT above; 0 (no evidence) when the treatment does no worse or nothing erred yet. */
export function logLikelihoodRatio(treatment: ErrorCounts, control: ErrorCounts, tau: number): number {
  const nt = treatment.evaluations;
  const nc = control.evaluations;
  if (nt === 0 || nc === 0) return 0;
  const difference = treatment.errors / nt - control.errors / nc;
  if (difference <= 0) return 0;
  const pooled = (treatment.errors + control.errors) / (nt + nc);
  const v = pooled * (1 - pooled) * (1 / nt + 1 / nc);
  if (v <= 0) return 0;
  const tau2 = tau * tau;
  return 0.5 * Math.log(v / (v + tau2)) + (difference * difference * tau2) / (2 * v * (v + tau2));
}

export function sequentialErrorTest(
  treatment: ErrorCounts,
  control: ErrorCounts,
  { alpha, tau }: { alpha: number; tau: number } = SEQUENTIAL_TEST,
): SequentialResult {
  const llr = logLikelihoodRatio(treatment, control, tau);
  const threshold = Math.log(1 / alpha);
  return { regression: llr >= threshold, logLikelihoodRatio: llr, threshold, treatment, control };
}

const pct = (c: ErrorCounts) => `${((c.errors / Math.max(1, c.evaluations)) * 100).toFixed(2)}%`;

/** A rejection trips the plan like any guard; otherwise the other guards decide. */
export function withSequentialTest(verdict: GuardVerdict, result: SequentialResult): GuardVerdict {
  if (!result.regression || verdict.verdict === 'regression') return verdict;
  const { treatment: t, control: c } = result;
  return {
    verdict: 'regression',
    reason: `treatment errs more than the control: ${pct(t)} of ${t.evaluations} vs ${pct(c)} of ${c.evaluations} (sequential test, α = ${SEQUENTIAL_TEST.alpha})`,
  };
}
