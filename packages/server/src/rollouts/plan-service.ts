import { type Plan, planInputSchema } from '@switchyard/shared';
import { ApiError, parseOrThrow } from '../errors.js';
import { requireEnvironment } from '../services/environments.js';
import type { FlagService } from '../services/flags.js';
import { assertNotManaged } from '../services/managed-flags.js';
import type { Actor, AuditInput, FlagStore } from '../store/types.js';
import { decision } from './plan-decision.js';

/** Who the audit log names for changes a plan makes by itself. */
export const PLAN_ACTOR: Actor = { keyId: 'guarded-rollout', name: 'guarded rollout' };

export interface PlanService {
  start(env: string, key: string, body: unknown, actor: Actor): Promise<Plan>;
  /** The flag's plan, or null when it never had one (404 only for a missing environment or flag). */
  get(env: string, key: string): Promise<Plan | null>;
  pause(env: string, key: string, actor: Actor): Promise<Plan>;
  resume(env: string, key: string, actor: Actor): Promise<Plan>;
  abort(env: string, key: string, actor: Actor): Promise<Plan>;
  /**
   * Moves a plan from `plan` to `next` if nobody else moved it first (compare-and-set on the plan
   * revision); returns the stored plan, or null when it lost the race.
   */
  transition(
    plan: Plan,
    next: Omit<Plan, 'revision' | 'updatedAt'>,
    audit?: AuditInput,
  ): Promise<Plan | null>;
}

/**
 * Plans: starting one ramps the flag to its first step and turns it on; the runner takes it from
 * there. A person's change to the flag (ramp, kill switch, edit, restore) pauses a running plan
 * instead of fighting it; deleting the flag aborts it.
 */
export function createPlanService(
  store: FlagStore,
  flags: FlagService,
  now: () => number,
  features: { prometheus: boolean } = { prometheus: false },
): PlanService {
  const find = async (env: string, key: string): Promise<Plan> => {
    const plan = await store.getPlan(env, key);
    if (plan === undefined)
      throw new ApiError('SY_ERR_PLAN_NOT_FOUND', `"${key}" has no rollout plan in "${env}"`);
    return plan;
  };

  const service: PlanService = {
    async start(env, key, body, actor) {
      await requireEnvironment(store, env);
      const input = parseOrThrow(planInputSchema, body, 'plan');
      if ((input.guards.prometheus?.length ?? 0) > 0 && !features.prometheus) {
        const message = 'Prometheus checks need PROMETHEUS_URL set on the server';
        throw new ApiError('SY_ERR_VALIDATION', `Invalid plan: guards.prometheus: ${message}`, [
          { path: 'guards.prometheus', message },
        ]);
      }
      const flag = await store.getFlag(env, key);
      if (flag === undefined) throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      assertNotManaged(flag, 'plan.start');
      if (flag.type !== 'boolean') {
        throw new ApiError(
          'SY_ERR_NOT_BOOLEAN',
          `"${key}" is a ${flag.type} flag; rollout plans ramp boolean flags`,
        );
      }
      const existing = await store.getPlan(env, key);
      const t = now();
      const first = input.steps[0] as number;
      const plan: Plan = {
        environment: env,
        flag: key,
        ...input,
        state: 'running',
        stepIndex: 0,
        nextStepAt: t + input.intervalSeconds * 1000,
        startedAt: new Date(t).toISOString(),
        updatedAt: new Date(t).toISOString(),
        revision: (existing?.revision ?? 0) + 1,
        lastDecision: decision(t, 'start', `started by ${actor.name} at ${first}%`),
      };
      // The flag moves first: a plan is only ever stored on the step the flag is at.
      const details = { plan: { steps: plan.steps, step: 0 } };
      await flags.ramp(env, key, first, undefined, PLAN_ACTOR, details);
      await flags.setEnabled(env, key, true, undefined, PLAN_ACTOR, details);
      const audit = { actor, action: 'plan.start' };
      if (!(await store.compareAndSetPlan(env, key, existing?.revision ?? null, plan, audit))) {
        throw new ApiError('SY_ERR_CONFLICT', 'The plan changed while it was being replaced; try again');
      }
      return plan;
    },

    async get(env, key) {
      await requireEnvironment(store, env);
      const plan = await store.getPlan(env, key);
      if (plan !== undefined) return plan;
      if ((await store.getFlag(env, key)) === undefined)
        throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      return null;
    },

    async pause(env, key, actor) {
      const plan = await find(env, key);
      if (plan.state !== 'running') throw notIn(plan, 'running');
      return moved(
        plan,
        { state: 'paused', lastDecision: decision(now(), 'pause', `paused by ${actor.name}`) },
        { actor, action: 'plan.pause' },
      );
    },

    async resume(env, key, actor) {
      const plan = await find(env, key);
      if (plan.state !== 'paused') throw notIn(plan, 'paused');
      const t = now();
      const step = plan.steps[plan.stepIndex] as number;
      const details = { plan: { steps: plan.steps, step: plan.stepIndex } };
      await flags.ramp(env, key, step, undefined, PLAN_ACTOR, details);
      await flags.setEnabled(env, key, true, undefined, PLAN_ACTOR, details);
      return moved(
        plan,
        {
          state: 'running',
          nextStepAt: t + plan.intervalSeconds * 1000,
          lastDecision: decision(t, 'resume', `resumed by ${actor.name} at ${plan.steps[plan.stepIndex]}%`),
        },
        { actor, action: 'plan.resume' },
      );
    },

    async abort(env, key, actor) {
      const plan = await find(env, key);
      if (plan.state !== 'running' && plan.state !== 'paused') throw notIn(plan, 'running or paused');
      return moved(
        plan,
        { state: 'aborted', lastDecision: decision(now(), 'abort', `aborted by ${actor.name}`) },
        { actor, action: 'plan.abort' },
      );
    },

    async transition(plan, next, audit) {
      const stored: Plan = { ...next, revision: plan.revision + 1, updatedAt: new Date(now()).toISOString() };
      return (await store.compareAndSetPlan(plan.environment, plan.flag, plan.revision, stored, audit))
        ? stored
        : null;
    },
  };

  async function moved(plan: Plan, change: Partial<Plan>, audit: AuditInput): Promise<Plan> {
    const stored = await service.transition(plan, { ...plan, ...change }, audit);
    if (stored === null) throw new ApiError('SY_ERR_CONFLICT', 'The plan moved on meanwhile; reload it');
    return stored;
  }

  flags.onWrite((event) => {
    if (event.actor.keyId === PLAN_ACTOR.keyId) return;
    void (async () => {
      const plan = await store.getPlan(event.environment, event.key);
      if (plan?.state !== 'running') return;
      const deleted = event.flag === null;
      await service.transition(plan, {
        ...plan,
        state: deleted ? 'aborted' : 'paused',
        lastDecision: decision(
          now(),
          deleted ? 'abort' : 'pause',
          `${deleted ? 'aborted' : 'paused'}: ${event.actor.name} changed the flag by hand (${event.action})`,
        ),
      });
    })().catch(() => {
      // The store is down: the runner sees the flag off its step and pauses then (plan-runner.ts).
    });
  });

  return service;
}

function notIn(plan: Plan, wanted: string): ApiError {
  return new ApiError('SY_ERR_CONFLICT', `The plan is ${plan.state}, not ${wanted}`, { state: plan.state });
}
