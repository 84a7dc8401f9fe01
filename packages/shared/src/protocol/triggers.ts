import { z } from 'zod';
import { percentageSchema } from '../rollout/percentage.js';

/**
 * Alert triggers: a secret URL that an alerting system (Alertmanager, Grafana, anything that can
 * POST) calls to act on one flag, without an admin key. The token is in the URL, shown once.
 */

export const TRIGGER_ACTIONS = ['disable', 'rollout', 'pause-plan'] as const;

/** `POST .../flags/:key/triggers` body. */
export const triggerInputSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('disable') }),
  z.strictObject({ action: z.literal('rollout'), percentage: percentageSchema }),
  z.strictObject({ action: z.literal('pause-plan') }),
]);
export type TriggerInput = z.infer<typeof triggerInputSchema>;

/** A trigger as the admin API lists it: never its token. `percentage` only for `rollout`. */
export const triggerSchema = z.object({
  id: z.string().min(1),
  environment: z.string(),
  flag: z.string(),
  action: z.enum(TRIGGER_ACTIONS),
  percentage: z.number().nullable(),
  createdAt: z.string(),
});
export type Trigger = z.infer<typeof triggerSchema>;

/** The answer to creating a trigger: the only one that carries its URL (a path on the server). */
export const createdTriggerSchema = triggerSchema.extend({ url: z.string().min(1) });
export type CreatedTrigger = z.infer<typeof createdTriggerSchema>;

export const triggerListSchema = z.object({ triggers: z.array(triggerSchema) });
export type TriggerList = z.infer<typeof triggerListSchema>;

/** `POST /hooks/v1/triggers/:token` answer (202). */
export const triggerFiredSchema = z.object({ applied: z.boolean(), reason: z.string() });
export type TriggerFired = z.infer<typeof triggerFiredSchema>;
