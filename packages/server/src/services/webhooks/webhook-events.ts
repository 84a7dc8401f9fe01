import { randomUUID } from 'node:crypto';
import type { Plan, WebhookEvent } from '@switchyard/shared';
import type { AuditInput, FlagStore } from '../../store/types.js';

/** Who moved a plan when the runner did it on its own (no audit input). */
const PLAN_RUNNER = { keyId: 'guarded-rollout', name: 'guarded rollout' };

/**
 * Wraps the store so that every audited act that webhooks announce becomes an event, at the one
 * place all of them pass: a flag version written (`flag.changed`, and `trigger.fired` when a trigger
 * wrote it), a plan moved to another state or step (`plan.transition`), an audit entry of a trigger
 * that wrote no version (`trigger.fired`). `emit` runs after the write is durable, before it returns.
 */
export function withWebhookEvents(store: FlagStore, emit: (event: WebhookEvent) => Promise<void>): FlagStore {
  const head = (
    environment: string,
    flag: string,
    audit: AuditInput | undefined,
    type: WebhookEvent['type'],
  ) => ({
    id: randomUUID(),
    type,
    environment,
    flag,
    at: new Date().toISOString(),
    actor: audit === undefined ? PLAN_RUNNER : { keyId: audit.actor.keyId, name: audit.actor.name },
    action: audit?.action ?? 'plan.step',
    ...(audit?.actor.reason === undefined ? {} : { reason: audit.actor.reason }),
  });
  const triggerOf = (audit: AuditInput) => {
    const { trigger, alert } = audit.details ?? {};
    return trigger === undefined ? undefined : { ...(trigger as object), alert };
  };

  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'compareAndSetFlag') {
        const write: FlagStore['compareAndSetFlag'] = async (environment, key, expected, next, audit) => {
          const result = await target.compareAndSetFlag(environment, key, expected, next, audit);
          if (!result.ok) return result;
          // What the write replaced, as the store saw it: no read before the write.
          const before = result.previous;
          await emit({ ...head(environment, key, audit, 'flag.changed'), before, after: next });
          const trigger = triggerOf(audit);
          if (trigger !== undefined)
            await emit({ ...head(environment, key, audit, 'trigger.fired'), before, after: next, trigger });
          return result;
        };
        return write;
      }
      if (property === 'compareAndSetPlan') {
        const write: FlagStore['compareAndSetPlan'] = async (environment, flag, expected, next, audit) => {
          const current = await target.getPlan(environment, flag);
          const written = await target.compareAndSetPlan(environment, flag, expected, next, audit);
          if (written && next !== null && moved(current?.revision === expected ? current : undefined, next)) {
            await emit({
              ...head(environment, flag, audit, 'plan.transition'),
              action: audit?.action ?? `plan.${next.lastDecision?.action ?? 'step'}`,
              plan: {
                state: next.state,
                previousState: current?.revision === expected ? (current?.state ?? null) : null,
                percentage: next.steps[next.stepIndex] ?? null,
                reason: next.lastDecision?.reason ?? null,
              },
            });
          }
          return written;
        };
        return write;
      }
      if (property === 'appendFlagAudit') {
        const append: FlagStore['appendFlagAudit'] = async (environment, flag, audit) => {
          await target.appendFlagAudit(environment, flag, audit);
          const trigger = triggerOf(audit);
          if (trigger !== undefined)
            await emit({ ...head(environment, flag, audit, 'trigger.fired'), trigger });
        };
        return append;
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A plan worth announcing: new, or in another state or at another step (not a held step's new time). */
function moved(before: Plan | undefined, after: Plan): boolean {
  return before === undefined || before.state !== after.state || before.stepIndex !== after.stepIndex;
}
