import {
  type AdminEndpoint,
  type ApiKey,
  type ApiKeyKind,
  type AuditEntry,
  type AuditList,
  type AuditQuery,
  adminEndpoints as api,
  type CreatedApiKey,
  type CreatedTrigger,
  type Environment,
  type Flag,
  type FlagEverywhere,
  type FlagInput,
  type FlagMetricsResponse,
  type FlagsFileStatus,
  type Plan,
  type PlanAction,
  type PlanInput,
  type Schedule,
  type ScheduleInput,
  type Segment,
  type SegmentInput,
  type StaleFlag,
  type Trigger,
  type TriggerInput,
} from '@switchyard/shared';
import type { z } from 'zod';
import { type RequestOptions, requestJson } from './http.js';

export type { PlanAction };

/** The admin API calls the console makes, typed; every write takes the version the user saw. */
export interface AdminApi {
  /** The token requests carry now (a renewed sign-in changes it for every later request). */
  readonly token: string;
  listEnvironments(): Promise<Environment[]>;
  getFlag(env: string, key: string): Promise<Flag>;
  /** Creates a flag for every environment: as given in `env`, off (same type and variants) in the others. */
  createFlagEverywhere(env: string, input: FlagInput): Promise<FlagEverywhere>;
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
  restoreFlag(env: string, key: string, version: number, ifMatch: number, reason?: string): Promise<Flag>;
  flagMetrics(env: string, key: string, minutes: number): Promise<FlagMetricsResponse>;
  /** The flag's guarded rollout plan, or null when it never had one. */
  getPlan(env: string, key: string): Promise<Plan | null>;
  /** Starts a plan (or replaces the flag's plan): the flag goes to the first step, and on, at once. */
  startPlan(env: string, key: string, input: PlanInput, reason?: string): Promise<Plan>;
  controlPlan(env: string, key: string, action: PlanAction): Promise<Plan>;
  audit(query: { environment: string; flag?: string; limit?: number }): Promise<AuditEntry[]>;
  /** One page of the audit log, newest first; `next` goes in the query's `cursor` for the older page. */
  auditPage(query: AuditQuery): Promise<AuditList>;
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

/** A write's endpoint with the reason the person gave, for its audit entry (`?reason=`). */
function because<S extends z.ZodType>(
  endpoint: AdminEndpoint<S>,
  reason: string | undefined,
): AdminEndpoint<S> {
  const given = reason?.trim() ?? '';
  return given === ''
    ? endpoint
    : { ...endpoint, path: `${endpoint.path}?reason=${encodeURIComponent(given)}` };
}

export function createAdminApi(tokenOrGetter: string | (() => string)): AdminApi {
  const current = typeof tokenOrGetter === 'function' ? tokenOrGetter : () => tokenOrGetter;
  const call = <S extends z.ZodType>(endpoint: AdminEndpoint<S>, options?: RequestOptions) =>
    requestJson(current(), endpoint, options);
  return {
    get token() {
      return current();
    },
    listEnvironments: async () => (await call(api.environments())).environments,
    getFlag: (env, key) => call(api.flag(env, key)),
    createFlagEverywhere: (env, input) => call(api.createFlagEverywhere(env), { body: input }),
    putFlag: (env, key, input, ifMatch, reason) =>
      call(because(api.putFlag(env, key), reason), { body: input, ifMatch }),
    rampFlag: (env, key, percentage, ifMatch, reason) =>
      call(because(api.ramp(env, key), reason), { body: { percentage }, ifMatch }),
    setEnabled: (env, key, enabled, ifMatch, reason) =>
      call(because(api.setEnabled(env, key, enabled), reason), { ifMatch }),
    restoreFlag: (env, key, version, ifMatch, reason) =>
      call(because(api.restore(env, key), reason), { body: { version }, ifMatch }),
    flagMetrics: (env, key, minutes) => call(api.metrics(env, key, minutes)),
    getPlan: async (env, key) => (await call(api.plan(env, key))).plan,
    startPlan: (env, key, input, reason) => call(because(api.startPlan(env, key), reason), { body: input }),
    controlPlan: (env, key, action) => call(api.controlPlan(env, key, action)),
    audit: async ({ environment, flag, limit = 100 }) =>
      (await call(api.audit({ environment, flag, limit }))).entries,
    auditPage: (query) => call(api.audit(query)),
    setArchived: (env, key, archived, ifMatch) => call(api.setArchived(env, key, archived), { ifMatch }),
    archivedFlags: async (env) => (await call(api.archivedFlags(env))).flags,
    listSchedules: async (env, key) => (await call(api.schedules(env, key))).schedules,
    createSchedule: (env, key, input) => call(api.createSchedule(env, key), { body: input }),
    cancelSchedule: (env, key, id) => call(api.cancelSchedule(env, key, id)),
    staleFlags: async (env) => (await call(api.staleFlags(env))).flags,
    listTriggers: async (env, key) => (await call(api.triggers(env, key))).triggers,
    createTrigger: (env, key, input) => call(api.createTrigger(env, key), { body: input }),
    deleteTrigger: async (env, key, id) => {
      await call(api.deleteTrigger(env, key, id));
    },
    flagsFileStatus: (env) => call(api.flagsFileStatus(env)),
    getSegment: (env, key) => call(api.segment(env, key)),
    putSegment: (env, key, input, ifMatch) => call(api.putSegment(env, key), { body: input, ifMatch }),
    listKeys: async () => (await call(api.keys())).keys,
    createKey: (input) => call(api.createKey(), { body: input }),
    revokeKey: async (id) => {
      await call(api.revokeKey(id));
    },
  };
}
