import {
  type AdminEndpoint,
  type ApiKey,
  type ApiKeyKind,
  type AuditEntry,
  type AuditQuery,
  adminEndpoints as api,
  type CreatedApiKey,
  type CreatedTrigger,
  type CreatedWebhook,
  type Flag,
  type FlagInput,
  type ImportRequest,
  type ImportResponse,
  type Plan,
  type PlanAction,
  type PlanInput,
  type PlanResponse,
  type Schedule,
  type ScheduleInput,
  type Segment,
  type SegmentInput,
  type StaleFlag,
  type Trigger,
  type TriggerInput,
  type WebhookDeliveryList,
  type WebhookInput,
  type WebhookList,
} from '@switchyard/shared';
import type { z } from 'zod';
import { type ApiRequest, type ApiResult, type ConnectionSettings, createSend } from './http.js';
import { cliFlagListSchema, type ListedFlag } from './schemas.js';

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
  controlPlan(env: string, key: string, action: PlanAction): Promise<ApiResult<Plan>>;
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
  audit(query: AuditQuery): Promise<ApiResult<{ entries: AuditEntry[] }>>;
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

/** The flag and segment document calls, by kind (flags as code apply both). */
const documents: Record<
  'flag' | 'segment',
  {
    put(env: string, key: string): AdminEndpoint<z.ZodType<Flag | Segment>>;
    delete(env: string, key: string): AdminEndpoint;
  }
> = {
  flag: { put: api.putFlag, delete: api.deleteFlag },
  segment: { put: api.putSegment, delete: api.deleteSegment },
};

export function createAdminClient(settings: ConnectionSettings): AdminClient {
  const send = createSend(settings);
  /** A request on one flag; failures name its environment and key. */
  const onFlag = <S extends z.ZodType>(env: string, key: string, request: ApiRequest<S>) =>
    send({ ...request, subject: { env, flag: key, ...request.subject } });
  return {
    listFlags: (env) => send({ ...api.flags(env), answer: cliFlagListSchema, subject: { env } }),
    getFlag: (env, key) => onFlag(env, key, api.flag(env, key)),
    ramp: (env, key, percentage, ifVersion) =>
      onFlag(env, key, { ...api.ramp(env, key), body: { percentage }, ifVersion }),
    setEnabled: (env, key, enabled, ifVersion) =>
      onFlag(env, key, { ...api.setEnabled(env, key, enabled), ifVersion }),
    history: (env, key) => onFlag(env, key, api.history(env, key)),
    restore: (env, key, version, ifVersion) =>
      onFlag(env, key, { ...api.restore(env, key), body: { version }, ifVersion, subject: { version } }),
    getPlan: (env, key) => onFlag(env, key, { ...api.plan(env, key), subject: { plan: 'show' } }),
    startPlan: (env, key, input) =>
      onFlag(env, key, { ...api.startPlan(env, key), body: input, subject: { plan: 'start' } }),
    controlPlan: (env, key, action) =>
      onFlag(env, key, { ...api.controlPlan(env, key, action), subject: { plan: action } }),
    listTriggers: (env, key) => onFlag(env, key, api.triggers(env, key)),
    createTrigger: (env, key, input) => onFlag(env, key, { ...api.createTrigger(env, key), body: input }),
    deleteTrigger: (env, key, id) =>
      onFlag(env, key, { ...api.deleteTrigger(env, key, id), subject: { trigger: id } }),
    createWebhook: (input) => send({ ...api.createWebhook(), body: input }),
    listWebhooks: () => send(api.webhooks()),
    deleteWebhook: (id) => send({ ...api.deleteWebhook(id), subject: { webhook: id } }),
    webhookDeliveries: (id) => send({ ...api.webhookDeliveries(id), subject: { webhook: id } }),
    createKey: (input) => send({ ...api.createKey(), body: input }),
    listKeys: () => send(api.keys()),
    listSegments: (env) => send({ ...api.segments(env), subject: { env } }),
    putDocument: (env, kind, document, condition) =>
      send({
        ...documents[kind].put(env, document.key),
        body: document,
        ...(condition === 'absent' ? { ifAbsent: true } : { ifVersion: condition.version }),
        subject: { env, applying: { kind, key: document.key } },
      }),
    importFlags: (env, request) => send({ ...api.importFlags(env), body: request, subject: { env } }),
    deleteDocument: (env, kind, key, version) =>
      send({
        ...documents[kind].delete(env, key),
        ifVersion: version,
        subject: { env, applying: { kind, key } },
      }),
    audit: (query) =>
      send({
        ...api.audit(query),
        subject: query.environment === undefined ? {} : { env: query.environment },
      }),
    listArchivedFlags: (env) =>
      send({ ...api.archivedFlags(env), answer: cliFlagListSchema, subject: { env } }),
    setArchived: (env, key, archived, ifVersion) =>
      onFlag(env, key, { ...api.setArchived(env, key, archived), ifVersion }),
    listSchedules: (env, key) => onFlag(env, key, api.schedules(env, key)),
    createSchedule: (env, key, input) => onFlag(env, key, { ...api.createSchedule(env, key), body: input }),
    cancelSchedule: (env, key, id) => onFlag(env, key, api.cancelSchedule(env, key, id)),
    staleFlags: (env) => send({ ...api.staleFlags(env), subject: env === undefined ? {} : { env } }),
  };
}
