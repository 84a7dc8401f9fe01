import { z } from 'zod';
import { percentageSchema } from '../rollout/percentage.js';

const step = percentageSchema.refine((p) => p > 0, 'must be above 0');

/**
 * A PromQL check of a guarded rollout (needs PROMETHEUS_URL on the server). `{{flag}}`,
 * `{{environment}}` and `{{variant}}` are substituted; `{{variant}}` is the treatment (`on`), and
 * `maxRatioToControl` runs the query again for the control (`off`). It trips when its condition holds
 * on every evaluation for `forSeconds`.
 */
export const prometheusCheckSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    query: z.string().trim().min(1).max(4000),
    /** Trips when the treatment's value is above this. */
    max: z.number().finite().optional(),
    /** Trips when the treatment's value is above this multiple of the control's. */
    maxRatioToControl: z.number().finite().positive().optional(),
    forSeconds: z.number().int().min(0).max(86_400).default(0),
  })
  .superRefine((check, ctx) => {
    if ((check.max === undefined) === (check.maxRatioToControl === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['max'],
        message: 'give exactly one of max and maxRatioToControl',
      });
    }
  });
export type PrometheusCheck = z.infer<typeof prometheusCheckSchema>;

/**
 * Guards of a progressive rollout: the treatment (`on`) is compared with the control (`off`) over
 * the window. Defaults follow the usual auto-rollback triggers: error rate over 1% for 2 minutes,
 * p95 latency over twice the control's.
 */
export const guardsSchema = z.strictObject({
  /** Treatment errors per evaluation above this trips the guard. */
  maxErrorRate: z.number().min(0).max(1).default(0.01),
  /** Treatment error rate above this multiple of the control's trips the guard. */
  maxErrorRateRatio: z.number().min(1).default(2),
  /** Treatment p95 latency above this multiple of the control's trips the guard. */
  maxP95LatencyRatio: z.number().min(1).default(2),
  windowSeconds: z.number().int().min(1).max(86_400).default(120),
  /** Evaluations each side needs in the window before a step may advance. */
  minSamples: z.number().int().min(1).default(200),
  /** PromQL checks, evaluated on every tick next to the SDK-reported guards. */
  prometheus: z
    .array(prometheusCheckSchema)
    .max(20)
    .refine(
      (checks) => new Set(checks.map((c) => c.name)).size === checks.length,
      'check names must be unique',
    )
    .optional(),
  /**
   * How long Prometheus may be unreachable or answer no data before the plan pauses (the step holds
   * meanwhile; it never advances blind). Default 300.
   */
  prometheusPauseAfterSeconds: z.number().int().min(1).max(86_400).optional(),
  /**
   * Also read metrics sent with client keys. Client keys are public, so anyone can send such metrics
   * and push the plan forward or roll it back: opt in only for flags no one would attack this way.
   */
  clientMetrics: z.boolean().default(false),
});
export type Guards = z.infer<typeof guardsSchema>;

/** `PUT .../flags/:key/plan` body. */
export const planInputSchema = z
  .strictObject({
    steps: z.array(step).min(1, 'needs at least one step').max(100),
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(600),
    guards: guardsSchema.default(guardsSchema.parse({})),
    onRegression: z.enum(['rollback', 'disable']).default('rollback'),
  })
  .superRefine((plan, ctx) => {
    plan.steps.forEach((step, i) => {
      if (i > 0 && step <= (plan.steps[i - 1] as number)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'steps must increase' });
      }
    });
  });
export type PlanInput = z.input<typeof planInputSchema>;

export const PLAN_STATES = ['running', 'paused', 'completed', 'rolled_back', 'aborted'] as const;
export const planStateSchema = z.enum(PLAN_STATES);
export type PlanState = z.infer<typeof planStateSchema>;

export const variantWindowSchema = z.strictObject({
  evaluations: z.number().int().min(0),
  errors: z.number().int().min(0),
  errorRate: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
});
export type VariantWindow = z.infer<typeof variantWindowSchema>;

/** What the plan last decided, and the numbers behind it. */
export const planDecisionSchema = z.strictObject({
  at: z.string(),
  action: z.enum(['start', 'advance', 'hold', 'complete', 'rollback', 'pause', 'resume', 'abort']),
  reason: z.string(),
  treatment: variantWindowSchema.nullable(),
  control: variantWindowSchema.nullable(),
});
export type PlanDecision = z.infer<typeof planDecisionSchema>;

/** A stored plan: its settings, where it is, and why. `revision` +1 on every transition. */
export const planSchema = z.strictObject({
  environment: z.string(),
  flag: z.string(),
  steps: z.array(z.number()),
  intervalSeconds: z.number().int(),
  guards: guardsSchema,
  onRegression: z.enum(['rollback', 'disable']),
  state: planStateSchema,
  /** Index into `steps` of the percentage currently served. */
  stepIndex: z.number().int().min(0),
  /** Epoch ms when the current step may advance (held steps move it on by one interval). */
  nextStepAt: z.number(),
  startedAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().min(1),
  lastDecision: planDecisionSchema.nullable(),
});
export type Plan = z.infer<typeof planSchema>;
