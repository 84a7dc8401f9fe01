import { z } from 'zod';
import { flagsFileStatusSchema } from '../flags-file/flags-file-status.js';
import { flagSchema } from '../schema/flag.js';
import { planSchema } from '../schema/plan.js';
import { scheduleListSchema, scheduleSchema } from '../schema/schedule.js';
import { segmentSchema } from '../schema/segment.js';
import {
  apiKeyListSchema,
  auditListSchema,
  createdApiKeySchema,
  environmentListSchema,
  flagEverywhereSchema,
  flagHistorySchema,
  flagListSchema,
  flagMetricsResponseSchema,
  importResponseSchema,
  planResponseSchema,
} from './admin.js';
import { staleFlagListSchema } from './lifecycle.js';
import { createdTriggerSchema, triggerListSchema } from './triggers.js';
import { createdWebhookSchema, webhookDeliveryListSchema, webhookListSchema } from './webhooks.js';

/**
 * One call of the admin API (/api/v1): its method, its path under /api/v1 with every segment
 * encoded, and the schema its answer parses with. The CLI and the console both build their requests
 * from {@link adminEndpoints}, so a route's path and answer are written once.
 */
export interface AdminEndpoint<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  answer: S;
}

export type PlanAction = 'pause' | 'resume' | 'abort';

/** `GET /environments/:env/segments`. */
export const segmentListSchema = z.object({ segments: z.array(segmentSchema) });

/** What a query string filters the audit log on. */
export interface AuditQuery {
  environment?: string;
  flag?: string;
  limit?: number;
  /** The `next` of the page before: only entries older than that page. */
  cursor?: string;
}

const seg = encodeURIComponent;
const at = <S extends z.ZodType>(method: AdminEndpoint['method'], path: string, answer: S) => ({
  method,
  path,
  answer,
});
const environment = (env: string) => `/environments/${seg(env)}`;
const flag = (env: string, key: string) => `${environment(env)}/flags/${seg(key)}`;
const segment = (env: string, key: string) => `${environment(env)}/segments/${seg(key)}`;
const nothing = z.undefined();

function auditPath({ environment, flag, limit, cursor }: AuditQuery): string {
  const query = new URLSearchParams();
  if (environment !== undefined) query.set('environment', environment);
  if (flag !== undefined) query.set('flag', flag);
  if (limit !== undefined) query.set('limit', String(limit));
  if (cursor !== undefined) query.set('cursor', cursor);
  return query.size > 0 ? `/audit?${query}` : '/audit';
}

/** Every admin API call a client makes, by what it does. */
export const adminEndpoints = {
  environments: () => at('GET', '/environments', environmentListSchema),
  flags: (env: string) => at('GET', `${environment(env)}/flags`, flagListSchema),
  archivedFlags: (env: string) => at('GET', `${environment(env)}/archived-flags`, flagListSchema),
  flag: (env: string, key: string) => at('GET', flag(env, key), flagSchema),
  /** Creates the flag as given in `env` and off in every other environment. */
  createFlagEverywhere: (env: string) => at('POST', `${environment(env)}/flags`, flagEverywhereSchema),
  putFlag: (env: string, key: string) => at('PUT', flag(env, key), flagSchema),
  deleteFlag: (env: string, key: string) => at('DELETE', flag(env, key), z.unknown()),
  ramp: (env: string, key: string) => at('POST', `${flag(env, key)}/rollout`, flagSchema),
  setEnabled: (env: string, key: string, enabled: boolean) =>
    at('POST', `${flag(env, key)}/${enabled ? 'enable' : 'disable'}`, flagSchema),
  setArchived: (env: string, key: string, archived: boolean) =>
    at('POST', `${flag(env, key)}/${archived ? 'archive' : 'unarchive'}`, flagSchema),
  history: (env: string, key: string) => at('GET', `${flag(env, key)}/history`, flagHistorySchema),
  restore: (env: string, key: string) => at('POST', `${flag(env, key)}/restore`, flagSchema),
  metrics: (env: string, key: string, minutes: number) =>
    at('GET', `${flag(env, key)}/metrics?minutes=${minutes}`, flagMetricsResponseSchema),
  plan: (env: string, key: string) => at('GET', `${flag(env, key)}/plan`, planResponseSchema),
  startPlan: (env: string, key: string) => at('PUT', `${flag(env, key)}/plan`, planSchema),
  controlPlan: (env: string, key: string, action: PlanAction) =>
    at('POST', `${flag(env, key)}/plan/${action}`, planSchema),
  triggers: (env: string, key: string) => at('GET', `${flag(env, key)}/triggers`, triggerListSchema),
  createTrigger: (env: string, key: string) => at('POST', `${flag(env, key)}/triggers`, createdTriggerSchema),
  deleteTrigger: (env: string, key: string, id: string) =>
    at('DELETE', `${flag(env, key)}/triggers/${seg(id)}`, nothing),
  schedules: (env: string, key: string) => at('GET', `${flag(env, key)}/schedules`, scheduleListSchema),
  createSchedule: (env: string, key: string) => at('POST', `${flag(env, key)}/schedules`, scheduleSchema),
  cancelSchedule: (env: string, key: string, id: string) =>
    at('DELETE', `${flag(env, key)}/schedules/${seg(id)}`, scheduleSchema),
  staleFlags: (env: string | undefined) =>
    at(
      'GET',
      env === undefined ? '/stale-flags' : `/stale-flags?environment=${seg(env)}`,
      staleFlagListSchema,
    ),
  flagsFileStatus: (env: string) => at('GET', `${environment(env)}/flags-file`, flagsFileStatusSchema),
  importFlags: (env: string) => at('POST', `${environment(env)}/import`, importResponseSchema),
  segments: (env: string) => at('GET', `${environment(env)}/segments`, segmentListSchema),
  segment: (env: string, key: string) => at('GET', segment(env, key), segmentSchema),
  putSegment: (env: string, key: string) => at('PUT', segment(env, key), segmentSchema),
  deleteSegment: (env: string, key: string) => at('DELETE', segment(env, key), z.unknown()),
  audit: (query: AuditQuery) => at('GET', auditPath(query), auditListSchema),
  keys: () => at('GET', '/keys', apiKeyListSchema),
  createKey: () => at('POST', '/keys', createdApiKeySchema),
  revokeKey: (id: string) => at('DELETE', `/keys/${seg(id)}`, z.unknown()),
  webhooks: () => at('GET', '/webhooks', webhookListSchema),
  createWebhook: () => at('POST', '/webhooks', createdWebhookSchema),
  deleteWebhook: (id: string) => at('DELETE', `/webhooks/${seg(id)}`, nothing),
  webhookDeliveries: (id: string) => at('GET', `/webhooks/${seg(id)}/deliveries`, webhookDeliveryListSchema),
} satisfies Record<string, (...args: never[]) => AdminEndpoint>;
