import {
  type ApiKey,
  type ApiKeyKind,
  type AuditEntry,
  apiKeyListSchema,
  auditListSchema,
  type CreatedApiKey,
  type CreatedTrigger,
  type CreatedWebhook,
  createdApiKeySchema,
  createdTriggerSchema,
  createdWebhookSchema,
  type Flag,
  type FlagInput,
  flagHistorySchema,
  flagSchema,
  type ImportRequest,
  type ImportResponse,
  importResponseSchema,
  type Plan,
  type PlanInput,
  type PlanResponse,
  planResponseSchema,
  planSchema,
  type Schedule,
  type ScheduleInput,
  type Segment,
  type SegmentInput,
  type StaleFlag,
  scheduleListSchema,
  scheduleSchema,
  segmentSchema,
  staleFlagListSchema,
  type Trigger,
  type TriggerInput,
  triggerListSchema,
  type WebhookDeliveryList,
  type WebhookInput,
  type WebhookList,
  webhookDeliveryListSchema,
  webhookListSchema,
} from '@switchyard/shared';
import { z } from 'zod';
import { type ApiRequest, type ApiResult, type ConnectionSettings, createSend } from './http.js';
import { cliFlagListSchema, type ListedFlag, segmentListSchema } from './schemas.js';

/** The admin API (/api/v1) as the CLI uses it. Every method parses the response with its schema. */
export interface AdminClient {
  listFlags(env: string): Promise<ApiResult<{ flags: ListedFlag[] }>>;
  getFlag(env: string, key: string): Promise<ApiResult<Flag>>;
  ramp(env: string, key: string, percentage: number, ifVersion?: number): Promise<ApiResult<Flag>>;
  setEnabled(env: string, key: string, enabled: boolean, ifVersion?: number): Promise<ApiResult<Flag>>;
  /** Every version, newest first. */
  history(env: string, key: string): Promise<ApiResult<{ versions: Flag[] }>>;
  restore(env: string, key: string, version: number, ifVersion?: number): Promise<ApiResult<Flag>>;
  /** `{ plan: null }` when the flag never had one. */
  getPlan(env: string, key: string): Promise<ApiResult<PlanResponse>>;
  /** Starts a plan, or replaces the flag's plan: the flag goes to the first step at once. */
  startPlan(env: string, key: string, input: PlanInput): Promise<ApiResult<Plan>>;
  controlPlan(env: string, key: string, action: PlanControl): Promise<ApiResult<Plan>>;
  listTriggers(env: string, key: string): Promise<ApiResult<{ triggers: Trigger[] }>>;
  /** The answer carries the trigger's URL (a path on the server), shown this once. */
  createTrigger(env: string, key: string, input: TriggerInput): Promise<ApiResult<CreatedTrigger>>;
  deleteTrigger(env: string, key: string, id: string): Promise<ApiResult<undefined>>;
  /** The answer carries the webhook's signing secret, shown this once. */
  createWebhook(input: WebhookInput): Promise<ApiResult<CreatedWebhook>>;
  listWebhooks(): Promise<ApiResult<WebhookList>>;
  deleteWebhook(id: string): Promise<ApiResult<undefined>>;
  webhookDeliveries(id: string): Promise<ApiResult<WebhookDeliveryList>>;
  createKey(input: {
    kind: ApiKeyKind;
    name: string;
    environment?: string;
  }): Promise<ApiResult<CreatedApiKey>>;
  listKeys(): Promise<ApiResult<{ keys: ApiKey[] }>>;
  listSegments(env: string): Promise<ApiResult<{ segments: Segment[] }>>;
  /** `POST /environments/:env/import`: another system's flags, translated on the server. */
  importFlags(env: string, request: ImportRequest): Promise<ApiResult<ImportResponse>>;
  /** Creates or replaces a flag or segment document under a condition (flags as code). */
  putDocument(
    env: string,
    kind: 'flag' | 'segment',
    document: FlagInput | SegmentInput,
    condition: WriteCondition,
  ): Promise<ApiResult<Flag | Segment>>;
  deleteDocument(
    env: string,
    kind: 'flag' | 'segment',
    key: string,
    version: number,
  ): Promise<ApiResult<unknown>>;
  audit(query: {
    environment?: string;
    flag?: string;
    limit?: number;
  }): Promise<ApiResult<{ entries: AuditEntry[] }>>;
  listArchivedFlags(env: string): Promise<ApiResult<{ flags: ListedFlag[] }>>;
  setArchived(env: string, key: string, archived: boolean, ifVersion?: number): Promise<ApiResult<Flag>>;
  listSchedules(env: string, key: string): Promise<ApiResult<{ schedules: Schedule[] }>>;
  createSchedule(env: string, key: string, input: ScheduleInput): Promise<ApiResult<Schedule>>;
  cancelSchedule(env: string, key: string, id: string): Promise<ApiResult<Schedule>>;
  /** Stale temporary flags of one environment, or of all (undefined). */
  staleFlags(env: string | undefined): Promise<ApiResult<{ flags: StaleFlag[] }>>;
}

/** `If-Match` on a version, or `If-None-Match: *` to create only. */
export type WriteCondition = { version: number } | 'absent';

export type PlanControl = 'pause' | 'resume' | 'abort';

const seg = encodeURIComponent;
const flagPath = (env: string, key: string) => `/environments/${seg(env)}/flags/${seg(key)}`;
const documentPath = (env: string, kind: 'flag' | 'segment', key: string) =>
  `/environments/${seg(env)}/${kind === 'flag' ? 'flags' : 'segments'}/${seg(key)}`;

export function createAdminClient(settings: ConnectionSettings): AdminClient {
  const send = createSend(settings);
  /** A request on one flag (`path` under the flag's own); failures name its environment and key. */
  const onFlag = <S extends z.ZodType>(
    env: string,
    key: string,
    request: Omit<ApiRequest<S>, 'path'> & { path?: string },
  ) =>
    send({
      ...request,
      path: `${flagPath(env, key)}${request.path ?? ''}`,
      subject: { env, flag: key, ...request.subject },
    });
  return {
    listFlags: (env) =>
      send({
        method: 'GET',
        path: `/environments/${seg(env)}/flags`,
        schema: cliFlagListSchema,
        subject: { env },
      }),
    getFlag: (env, key) => onFlag(env, key, { method: 'GET', schema: flagSchema }),
    ramp: (env, key, percentage, ifVersion) =>
      onFlag(env, key, {
        method: 'POST',
        path: '/rollout',
        body: { percentage },
        ifVersion,
        schema: flagSchema,
      }),
    setEnabled: (env, key, enabled, ifVersion) =>
      onFlag(env, key, {
        method: 'POST',
        path: `/${enabled ? 'enable' : 'disable'}`,
        ifVersion,
        schema: flagSchema,
      }),
    history: (env, key) => onFlag(env, key, { method: 'GET', path: '/history', schema: flagHistorySchema }),
    restore: (env, key, version, ifVersion) =>
      onFlag(env, key, {
        method: 'POST',
        path: '/restore',
        body: { version },
        ifVersion,
        schema: flagSchema,
        subject: { version },
      }),
    getPlan: (env, key) =>
      onFlag(env, key, {
        method: 'GET',
        path: '/plan',
        schema: planResponseSchema,
        subject: { plan: 'show' },
      }),
    startPlan: (env, key, input) =>
      onFlag(env, key, {
        method: 'PUT',
        path: '/plan',
        body: input,
        schema: planSchema,
        subject: { plan: 'start' },
      }),
    controlPlan: (env, key, action) =>
      onFlag(env, key, {
        method: 'POST',
        path: `/plan/${action}`,
        schema: planSchema,
        subject: { plan: action },
      }),
    listTriggers: (env, key) =>
      onFlag(env, key, { method: 'GET', path: '/triggers', schema: triggerListSchema }),
    createTrigger: (env, key, input) =>
      onFlag(env, key, { method: 'POST', path: '/triggers', body: input, schema: createdTriggerSchema }),
    deleteTrigger: (env, key, id) =>
      onFlag(env, key, {
        method: 'DELETE',
        path: `/triggers/${seg(id)}`,
        schema: z.undefined(),
        subject: { trigger: id },
      }),
    createWebhook: (input) =>
      send({ method: 'POST', path: '/webhooks', body: input, schema: createdWebhookSchema }),
    listWebhooks: () => send({ method: 'GET', path: '/webhooks', schema: webhookListSchema }),
    deleteWebhook: (id) =>
      send({
        method: 'DELETE',
        path: `/webhooks/${seg(id)}`,
        schema: z.undefined(),
        subject: { webhook: id },
      }),
    webhookDeliveries: (id) =>
      send({
        method: 'GET',
        path: `/webhooks/${seg(id)}/deliveries`,
        schema: webhookDeliveryListSchema,
        subject: { webhook: id },
      }),
    createKey: (input) => send({ method: 'POST', path: '/keys', body: input, schema: createdApiKeySchema }),
    listKeys: () => send({ method: 'GET', path: '/keys', schema: apiKeyListSchema }),
    listSegments: (env) =>
      send({
        method: 'GET',
        path: `/environments/${seg(env)}/segments`,
        schema: segmentListSchema,
        subject: { env },
      }),
    putDocument: (env, kind, document, condition) =>
      send({
        method: 'PUT',
        path: documentPath(env, kind, document.key),
        body: document,
        ...(condition === 'absent' ? { ifAbsent: true } : { ifVersion: condition.version }),
        schema: kind === 'flag' ? flagSchema : segmentSchema,
        subject: { env, applying: { kind, key: document.key } },
      }),
    importFlags: (env, request) =>
      send({
        method: 'POST',
        path: `/environments/${seg(env)}/import`,
        body: request,
        schema: importResponseSchema,
        subject: { env },
      }),
    deleteDocument: (env, kind, key, version) =>
      send({
        method: 'DELETE',
        path: documentPath(env, kind, key),
        ifVersion: version,
        schema: z.unknown(),
        subject: { env, applying: { kind, key } },
      }),
    audit: ({ environment, flag, limit }) => {
      const query = new URLSearchParams();
      if (environment !== undefined) query.set('environment', environment);
      if (flag !== undefined) query.set('flag', flag);
      if (limit !== undefined) query.set('limit', String(limit));
      const search = query.size > 0 ? `?${query}` : '';
      return send({
        method: 'GET',
        path: `/audit${search}`,
        schema: auditListSchema,
        subject: environment === undefined ? {} : { env: environment },
      });
    },
    listArchivedFlags: (env) =>
      send({
        method: 'GET',
        path: `/environments/${seg(env)}/archived-flags`,
        schema: cliFlagListSchema,
        subject: { env },
      }),
    setArchived: (env, key, archived, ifVersion) =>
      onFlag(env, key, {
        method: 'POST',
        path: `/${archived ? 'archive' : 'unarchive'}`,
        ifVersion,
        schema: flagSchema,
      }),
    listSchedules: (env, key) =>
      onFlag(env, key, { method: 'GET', path: '/schedules', schema: scheduleListSchema }),
    createSchedule: (env, key, input) =>
      onFlag(env, key, { method: 'POST', path: '/schedules', body: input, schema: scheduleSchema }),
    cancelSchedule: (env, key, id) =>
      onFlag(env, key, { method: 'DELETE', path: `/schedules/${seg(id)}`, schema: scheduleSchema }),
    staleFlags: (env) =>
      send({
        method: 'GET',
        path: env === undefined ? '/stale-flags' : `/stale-flags?environment=${seg(env)}`,
        schema: staleFlagListSchema,
        subject: env === undefined ? {} : { env },
      }),
  };
}
