import {
  type AuditEntry,
  auditListSchema,
  type CreatedTrigger,
  createdTriggerSchema,
  type Environment,
  environmentListSchema,
  type Flag,
  type FlagInput,
  type FlagMetricsResponse,
  flagHistorySchema,
  flagListSchema,
  flagMetricsResponseSchema,
  flagSchema,
  type Plan,
  type PlanInput,
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
import { ApiRequestError, requestJson } from './http.js';

export type PlanAction = 'pause' | 'resume' | 'abort';

/** The admin API calls the console makes, typed; every write takes the version the user saw. */
export interface AdminApi {
  readonly token: string;
  listEnvironments(): Promise<Environment[]>;
  getFlag(env: string, key: string): Promise<Flag>;
  /** Creates (`ifMatch` undefined) or replaces a flag. */
  putFlag(env: string, key: string, input: FlagInput, ifMatch: number | 'absent' | undefined): Promise<Flag>;
  rampFlag(env: string, key: string, percentage: number, ifMatch: number): Promise<Flag>;
  setEnabled(env: string, key: string, enabled: boolean, ifMatch: number): Promise<Flag>;
  flagHistory(env: string, key: string): Promise<Flag[]>;
  restoreFlag(env: string, key: string, version: number, ifMatch: number): Promise<Flag>;
  flagMetrics(env: string, key: string, minutes: number): Promise<FlagMetricsResponse>;
  /** The flag's guarded rollout plan, or null when it never had one. */
  getPlan(env: string, key: string): Promise<Plan | null>;
  /** Starts a plan (or replaces the flag's plan): the flag goes to the first step, and on, at once. */
  startPlan(env: string, key: string, input: PlanInput): Promise<Plan>;
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
  getSegment(env: string, key: string): Promise<Segment>;
  putSegment(env: string, key: string, input: SegmentInput, ifMatch: number | undefined): Promise<Segment>;
}

const flagPath = (env: string, key: string) =>
  `/environments/${encodeURIComponent(env)}/flags/${encodeURIComponent(key)}`;
const segmentPath = (env: string, key: string) =>
  `/environments/${encodeURIComponent(env)}/segments/${encodeURIComponent(key)}`;

export function createAdminApi(token: string): AdminApi {
  return {
    token,
    async listEnvironments() {
      return (await requestJson(token, 'GET', '/environments', environmentListSchema)).environments;
    },
    getFlag: (env, key) => requestJson(token, 'GET', flagPath(env, key), flagSchema),
    putFlag: (env, key, input, ifMatch) =>
      requestJson(token, 'PUT', flagPath(env, key), flagSchema, { body: input, ifMatch }),
    rampFlag: (env, key, percentage, ifMatch) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/rollout`, flagSchema, {
        body: { percentage },
        ifMatch,
      }),
    setEnabled: (env, key, enabled, ifMatch) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/${enabled ? 'enable' : 'disable'}`, flagSchema, {
        ifMatch,
      }),
    async flagHistory(env, key) {
      return (await requestJson(token, 'GET', `${flagPath(env, key)}/history`, flagHistorySchema)).versions;
    },
    restoreFlag: (env, key, version, ifMatch) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/restore`, flagSchema, { body: { version }, ifMatch }),
    flagMetrics: (env, key, minutes) =>
      requestJson(
        token,
        'GET',
        `${flagPath(env, key)}/metrics?minutes=${minutes}`,
        flagMetricsResponseSchema,
      ),
    getPlan: (env, key) =>
      requestJson(token, 'GET', `${flagPath(env, key)}/plan`, planSchema).catch((err: unknown) => {
        if (err instanceof ApiRequestError && err.code === 'SY_ERR_PLAN_NOT_FOUND') return null;
        throw err;
      }),
    startPlan: (env, key, input) =>
      requestJson(token, 'PUT', `${flagPath(env, key)}/plan`, planSchema, { body: input }),
    controlPlan: (env, key, action) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/plan/${action}`, planSchema),
    async audit({ environment, flag, limit = 100 }) {
      const query = new URLSearchParams({ environment, limit: String(limit) });
      if (flag !== undefined) query.set('flag', flag);
      return (await requestJson(token, 'GET', `/audit?${query}`, auditListSchema)).entries;
    },
    setArchived: (env, key, archived, ifMatch) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/${archived ? 'archive' : 'unarchive'}`, flagSchema, {
        ifMatch,
      }),
    async archivedFlags(env) {
      const path = `/environments/${encodeURIComponent(env)}/archived-flags`;
      return (await requestJson(token, 'GET', path, flagListSchema)).flags;
    },
    async listSchedules(env, key) {
      return (await requestJson(token, 'GET', `${flagPath(env, key)}/schedules`, scheduleListSchema))
        .schedules;
    },
    createSchedule: (env, key, input) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/schedules`, scheduleSchema, { body: input }),
    cancelSchedule: (env, key, id) =>
      requestJson(
        token,
        'DELETE',
        `${flagPath(env, key)}/schedules/${encodeURIComponent(id)}`,
        scheduleSchema,
      ),
    async staleFlags(env) {
      const path = `/stale-flags?environment=${encodeURIComponent(env)}`;
      return (await requestJson(token, 'GET', path, staleFlagListSchema)).flags;
    },
    async listTriggers(env, key) {
      return (await requestJson(token, 'GET', `${flagPath(env, key)}/triggers`, triggerListSchema)).triggers;
    },
    createTrigger: (env, key, input) =>
      requestJson(token, 'POST', `${flagPath(env, key)}/triggers`, createdTriggerSchema, { body: input }),
    async deleteTrigger(env, key, id) {
      await requestJson(
        token,
        'DELETE',
        `${flagPath(env, key)}/triggers/${encodeURIComponent(id)}`,
        z.unknown(),
      );
    },
    getSegment: (env, key) => requestJson(token, 'GET', segmentPath(env, key), segmentSchema),
    putSegment: (env, key, input, ifMatch) =>
      requestJson(token, 'PUT', segmentPath(env, key), segmentSchema, { body: input, ifMatch }),
  };
}
