import {
  type AuditEntry,
  auditListSchema,
  type Environment,
  environmentListSchema,
  type Flag,
  type FlagInput,
  type FlagMetricsResponse,
  flagHistorySchema,
  flagMetricsResponseSchema,
  flagSchema,
  type Segment,
  type SegmentInput,
  segmentSchema,
} from '@switchyard/shared';
import { requestJson } from './http.js';

/** The admin API calls the console makes, typed; every write takes the version the user saw. */
export interface AdminApi {
  readonly token: string;
  listEnvironments(): Promise<Environment[]>;
  getFlag(env: string, key: string): Promise<Flag>;
  /** Creates (`ifMatch` undefined) or replaces a flag. */
  putFlag(env: string, key: string, input: FlagInput, ifMatch: number | undefined): Promise<Flag>;
  rampFlag(env: string, key: string, percentage: number, ifMatch: number): Promise<Flag>;
  setEnabled(env: string, key: string, enabled: boolean, ifMatch: number): Promise<Flag>;
  flagHistory(env: string, key: string): Promise<Flag[]>;
  restoreFlag(env: string, key: string, version: number, ifMatch: number): Promise<Flag>;
  flagMetrics(env: string, key: string, minutes: number): Promise<FlagMetricsResponse>;
  audit(query: { environment: string; flag?: string; limit?: number }): Promise<AuditEntry[]>;
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
    async audit({ environment, flag, limit = 100 }) {
      const query = new URLSearchParams({ environment, limit: String(limit) });
      if (flag !== undefined) query.set('flag', flag);
      return (await requestJson(token, 'GET', `/audit?${query}`, auditListSchema)).entries;
    },
    getSegment: (env, key) => requestJson(token, 'GET', segmentPath(env, key), segmentSchema),
    putSegment: (env, key, input, ifMatch) =>
      requestJson(token, 'PUT', segmentPath(env, key), segmentSchema, { body: input, ifMatch }),
  };
}
