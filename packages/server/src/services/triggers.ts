import { randomUUID } from 'node:crypto';
import { type CreatedTrigger, type Trigger, type TriggerFired, triggerInputSchema } from '@switchyard/shared';
import { ApiError, parseOrThrow } from '../errors.js';
import { publicTrigger } from '../store/records.js';
import type { Actor, AuditInput, FlagStore, TriggerRecord } from '../store/types.js';
import { readAlertNotification } from './alert-notification.js';
import { generateSecret, hashSecret } from './api-keys.js';
import { requireEnvironment } from './environments.js';
import type { FlagService } from './flags.js';

/** Where trigger URLs live; the token is the last path segment. */
export const TRIGGER_PATH = '/hooks/v1/triggers';

/**
 * Pauses the flag's running plan on behalf of `actor`; returns null when it paused it, or why not.
 * Passed in by the app, so this service does not reach into the rollouts layer.
 */
export type PausePlan = (env: string, key: string, actor: Actor) => Promise<string | null>;

export interface TriggerService {
  create(env: string, key: string, body: unknown, actor: Actor): Promise<CreatedTrigger>;
  list(env: string, key: string): Promise<Trigger[]>;
  remove(env: string, key: string, id: string, actor: Actor): Promise<void>;
  /** Acts on a call to a trigger URL; 404 for an unknown token. Only `firing` alerts act. */
  fire(token: string, rawBody: string | undefined): Promise<TriggerFired>;
}

/**
 * Alert triggers: a URL holding an unguessable token (stored as SHA-256, shown once) that disables,
 * ramps or pauses the plan of one flag. Acting is idempotent: a flag already off, or at the
 * percentage, is left as it is and no version is written.
 */
export function createTriggerService(
  store: FlagStore,
  flags: FlagService,
  pausePlan: PausePlan,
): TriggerService {
  const find = async (env: string, key: string, id: string): Promise<TriggerRecord> => {
    const trigger = (await store.listTriggers(env)).find((t) => t.id === id && t.flag === key);
    if (trigger === undefined)
      throw new ApiError('SY_ERR_TRIGGER_NOT_FOUND', `"${key}" has no trigger "${id}"`);
    return trigger;
  };

  return {
    async create(env, key, body, actor) {
      await requireEnvironment(store, env);
      const input = parseOrThrow(triggerInputSchema, body, 'trigger');
      const flag = await store.getFlag(env, key);
      if (flag === undefined) throw new ApiError('SY_ERR_FLAG_NOT_FOUND', `No flag "${key}" in "${env}"`);
      if (input.action !== 'disable' && flag.type !== 'boolean') {
        throw new ApiError(
          'SY_ERR_NOT_BOOLEAN',
          `"${key}" is a ${flag.type} flag; ${input.action} needs a boolean flag`,
        );
      }
      const token = generateSecret('trigger');
      const record: TriggerRecord = {
        id: randomUUID(),
        environment: env,
        flag: key,
        action: input.action,
        percentage: input.action === 'rollout' ? input.percentage : null,
        createdAt: new Date().toISOString(),
        tokenHash: hashSecret(token),
      };
      await store.createTrigger(record, { actor, action: 'trigger.create' });
      return { ...publicTrigger(record), url: `${TRIGGER_PATH}/${token}` };
    },

    async list(env, key) {
      await requireEnvironment(store, env);
      return (await store.listTriggers(env)).filter((t) => t.flag === key).map(publicTrigger);
    },

    async remove(env, key, id, actor) {
      await requireEnvironment(store, env);
      await find(env, key, id);
      if (!(await store.deleteTrigger(env, id, { actor, action: 'trigger.delete' })))
        throw new ApiError('SY_ERR_TRIGGER_NOT_FOUND', `"${key}" has no trigger "${id}"`);
    },

    async fire(token, rawBody) {
      const trigger = await store.findTriggerByHash(hashSecret(token));
      if (trigger === undefined) throw new ApiError('SY_ERR_TRIGGER_NOT_FOUND', 'No trigger has this URL');
      const alert = readAlertNotification(rawBody);
      if (!alert.firing) {
        return { applied: false, reason: `the alert is ${alert.status}; triggers act only on firing alerts` };
      }
      const { environment: env, flag: key, id, action } = trigger;
      const actor: Actor = { keyId: `trigger:${id}`, name: `alert trigger ${id.slice(0, 8)}` };
      const details = {
        trigger: { id, action, percentage: trigger.percentage },
        alert: { source: alert.source, status: alert.status, labels: alert.labels },
      };
      try {
        if (action === 'pause-plan') {
          const notPaused = await pausePlan(env, key, actor);
          if (notPaused !== null) return { applied: false, reason: notPaused };
          const audit: AuditInput = { actor, action: 'trigger.pause-plan', details };
          await store.appendFlagAudit(env, key, audit);
          return { applied: true, reason: `paused the rollout plan of "${key}"` };
        }
        const write =
          action === 'disable'
            ? await flags.setEnabled(env, key, false, undefined, actor, details)
            : await flags.ramp(env, key, trigger.percentage ?? 0, undefined, actor, details);
        const done = action === 'disable' ? 'disabled' : `rolled out to ${trigger.percentage}%`;
        return write.changed
          ? { applied: true, reason: `"${key}" ${done}` }
          : { applied: false, reason: `"${key}" is ${done} already` };
      } catch (err) {
        if (err instanceof ApiError && err.status === 404)
          return { applied: false, reason: `nothing to act on: ${err.message}` };
        throw err;
      }
    },
  };
}
