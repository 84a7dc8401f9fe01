import {
  type ApiKey,
  type ApiKeyKind,
  type AuditEntry,
  apiKeyListSchema,
  auditListSchema,
  type CreatedApiKey,
  type CreatedTrigger,
  createdApiKeySchema,
  createdTriggerSchema,
  type Environment,
  environmentListSchema,
  type Flag,
  type FlagInput,
  type FlagMetricsResponse,
  type FlagsFileStatus,
  flagHistorySchema,
  flagListSchema,
  flagMetricsResponseSchema,
  flagSchema,
  flagsFileStatusSchema,
  type Plan,
  type PlanInput,
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
} from '@switchyard/shared';
import { z } from 'zod';
import { requestJson } from './http.js';

export type PlanAction = 'pause' | 'resume' | 'abort';

/** The admin API calls the console makes, typed; every write takes the version the user saw. */
export interface AdminApi {
  /** The token requests carry now (a renewed sign-in changes it for every later request). */
  readonly token: string;
  listEnvironments(): Promise<Environment[]>;
  getFlag(env: string, key: string): Promise<Flag>;
  /**
   * Creates (`ifMatch` undefined) or replaces a flag. `reason`, on every write, is kept in the audit
   * entry (`?reason=`).
   */
  putFlag(
    env: string,
    key: string,
    input: FlagInput,
    ifMatch: number | 'absent' | undefined,
    reason?: string,
  ): Promise<Flag>;
  rampFlag(env: string, key: string, percentage: number, ifMatch: number, reason?: string): Promise<Flag>;
  setEnabled(env: string, key: string, enabled: boolean, ifMatch: number, reason?: string): Promise<Flag>;
  flagHistory(env: string, key: string): Promise<Flag[]>;
  restoreFlag(env: string, key: string, version: number, ifMatch: number, reason?: string): Promise<Flag>;
  flagMetrics(env: string, key: string, minutes: number): Promise<FlagMetricsResponse>;
  /** The flag's guarded rollout plan, or null when it never had one. */
  getPlan(env: string, key: string): Promise<Plan | null>;
  /** Starts a plan (or replaces the flag's plan): the flag goes to the first step, and on, at once. */
  startPlan(env: string, key: string, input: PlanInput, reason?: string): Promise<Plan>;
  controlPlan(env: string, key: string, action: PlanAction): Promise<Plan>;
  audit(query: { environment: string; flag?: string; limit?: number }): Promise<AuditEntry[]>;
  /** Archives (`true`) or unarchives a flag; `ifMatch` is the version the user saw. */
  setArchived(env: string, key: string, archived: boolean, ifMatch?: number): Promise<Flag>;
  archivedFlags(env: string): Promise<Flag[]>;
  listSchedules(env: string, key: string): Promise<Schedule[]>;
  createSchedule(env: string, key: string, input: ScheduleInput): Promise<Schedule>;
  cancelSchedule(env: string, key: string, id: string): Promise<Schedule>;
  staleFlags(env: string): Promise<StaleFlag[]>;
  listTriggers(env: string, key: string): Promise<Trigger[]>;
  /** The answer is the only one that carries the trigger's URL. */
  createTrigger(env: string, key: string, input: TriggerInput): Promise<CreatedTrigger>;
  deleteTrigger(env: string, key: string, id: string): Promise<void>;
  /** The server's flags file for the environment (`file: null` when none) and the flags that differ from it. */
  flagsFileStatus(env: string): Promise<FlagsFileStatus>;
  getSegment(env: string, key: string): Promise<Segment>;
  putSegment(env: string, key: string, input: SegmentInput, ifMatch: number | undefined): Promise<Segment>;
  /** Every API key, revoked ones too, never with its secret. */
  listKeys(): Promise<ApiKey[]>;
  /** The answer is the only one that carries the key's secret. */
  createKey(input: { name: string; kind: ApiKeyKind; environment?: string }): Promise<CreatedApiKey>;
  revokeKey(id: string): Promise<void>;
}

const flagPath = (env: string, key: string) =>
  `/environments/${encodeURIComponent(env)}/flags/${encodeURIComponent(key)}`;
/** A write's path with the reason the person gave, for its audit entry. */
const because = (path: string, reason: string | undefined) =>
  reason === undefined || reason.trim() === '' ? path : `${path}?reason=${encodeURIComponent(reason.trim())}`;
const segmentPath = (env: string, key: string) =>
  `/environments/${encodeURIComponent(env)}/segments/${encodeURIComponent(key)}`;

export function createAdminApi(tokenOrGetter: string | (() => string)): AdminApi {
  const current = typeof tokenOrGetter === 'function' ? tokenOrGetter : () => tokenOrGetter;
  return {
    get token() {
      return current();
    },
    async listEnvironments() {
      return (await requestJson(current(), 'GET', '/environments', environmentListSchema)).environments;
    },
    getFlag: (env, key) => requestJson(current(), 'GET', flagPath(env, key), flagSchema),
    putFlag: (env, key, input, ifMatch, reason) =>
      requestJson(current(), 'PUT', because(flagPath(env, key), reason), flagSchema, {
        body: input,
        ifMatch,
      }),
    rampFlag: (env, key, percentage, ifMatch, reason) =>
      requestJson(current(), 'POST', because(`${flagPath(env, key)}/rollout`, reason), flagSchema, {
        body: { percentage },
        ifMatch,
      }),
    setEnabled: (env, key, enabled, ifMatch, reason) =>
      requestJson(
        current(),
        'POST',
        because(`${flagPath(env, key)}/${enabled ? 'enable' : 'disable'}`, reason),
        flagSchema,
        { ifMatch },
      ),
    async flagHistory(env, key) {
      return (await requestJson(current(), 'GET', `${flagPath(env, key)}/history`, flagHistorySchema))
        .versions;
    },
    restoreFlag: (env, key, version, ifMatch, reason) =>
      requestJson(current(), 'POST', because(`${flagPath(env, key)}/restore`, reason), flagSchema, {
        body: { version },
        ifMatch,
      }),
    flagMetrics: (env, key, minutes) =>
      requestJson(
        current(),
        'GET',
        `${flagPath(env, key)}/metrics?minutes=${minutes}`,
        flagMetricsResponseSchema,
      ),
    async getPlan(env, key) {
      return (await requestJson(current(), 'GET', `${flagPath(env, key)}/plan`, planResponseSchema)).plan;
    },
    startPlan: (env, key, input, reason) =>
      requestJson(current(), 'PUT', because(`${flagPath(env, key)}/plan`, reason), planSchema, {
        body: input,
      }),
    controlPlan: (env, key, action) =>
      requestJson(current(), 'POST', `${flagPath(env, key)}/plan/${action}`, planSchema),
    async audit({ environment, flag, limit = 100 }) {
      const query = new URLSearchParams({ environment, limit: String(limit) });
      if (flag !== undefined) query.set('flag', flag);
      return (await requestJson(current(), 'GET', `/audit?${query}`, auditListSchema)).entries;
    },
    setArchived: (env, key, archived, ifMatch) =>
      requestJson(
        current(),
        'POST',
        `${flagPath(env, key)}/${archived ? 'archive' : 'unarchive'}`,
        flagSchema,
        {
          ifMatch,
        },
      ),
    async archivedFlags(env) {
      const path = `/environments/${encodeURIComponent(env)}/archived-flags`;
      return (await requestJson(current(), 'GET', path, flagListSchema)).flags;
    },
    async listSchedules(env, key) {
      return (await requestJson(current(), 'GET', `${flagPath(env, key)}/schedules`, scheduleListSchema))
        .schedules;
    },
    createSchedule: (env, key, input) =>
      requestJson(current(), 'POST', `${flagPath(env, key)}/schedules`, scheduleSchema, { body: input }),
    cancelSchedule: (env, key, id) =>
      requestJson(
        current(),
        'DELETE',
        `${flagPath(env, key)}/schedules/${encodeURIComponent(id)}`,
        scheduleSchema,
      ),
    async staleFlags(env) {
      const path = `/stale-flags?environment=${encodeURIComponent(env)}`;
      return (await requestJson(current(), 'GET', path, staleFlagListSchema)).flags;
    },
    async listTriggers(env, key) {
      return (await requestJson(current(), 'GET', `${flagPath(env, key)}/triggers`, triggerListSchema))
        .triggers;
    },
    createTrigger: (env, key, input) =>
      requestJson(current(), 'POST', `${flagPath(env, key)}/triggers`, createdTriggerSchema, { body: input }),
    async deleteTrigger(env, key, id) {
      await requestJson(
        current(),
        'DELETE',
        `${flagPath(env, key)}/triggers/${encodeURIComponent(id)}`,
        z.unknown(),
      );
    },
    flagsFileStatus: (env) =>
      requestJson(
        current(),
        'GET',
        `/environments/${encodeURIComponent(env)}/flags-file`,
        flagsFileStatusSchema,
      ),
    getSegment: (env, key) => requestJson(current(), 'GET', segmentPath(env, key), segmentSchema),
    putSegment: (env, key, input, ifMatch) =>
      requestJson(current(), 'PUT', segmentPath(env, key), segmentSchema, { body: input, ifMatch }),
    async listKeys() {
      return (await requestJson(current(), 'GET', '/keys', apiKeyListSchema)).keys;
    },
    createKey: (input) => requestJson(current(), 'POST', '/keys', createdApiKeySchema, { body: input }),
    async revokeKey(id) {
      await requestJson(current(), 'DELETE', `/keys/${encodeURIComponent(id)}`, z.unknown());
    },
  };
}
