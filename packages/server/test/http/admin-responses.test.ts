import {
  apiKeyListSchema,
  auditListSchema,
  conflictDetailsSchema,
  createdApiKeySchema,
  environmentListSchema,
  environmentSchema,
  errorBodySchema,
  fieldProblemsSchema,
  flagHistorySchema,
  flagListSchema,
  flagMetricsResponseSchema,
} from '@switchyard/shared';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** The body parses with the shared schema the CLI and console use, and it describes every field. */
async function expectBody(schema: z.ZodType, method: string, path: string, body?: unknown) {
  const res = await t.api(method, path, body);
  expect(schema.parse(res.body)).toEqual(res.body);
  return res.body;
}

describe('admin API responses', () => {
  const flag = '/api/v1/environments/production/flags/described';

  it('match the shared schemas of the admin protocol', async () => {
    await t.api('PUT', flag, booleanFlag('described', 5));
    await t.api('POST', `${flag}/rollout`, { percentage: 25 });
    await expectBody(environmentSchema, 'POST', '/api/v1/environments', { key: 'described-env' });
    await expectBody(environmentListSchema, 'GET', '/api/v1/environments');
    await expectBody(flagListSchema, 'GET', '/api/v1/environments/production/flags');
    await expectBody(flagHistorySchema, 'GET', `${flag}/history`);
    await expectBody(createdApiKeySchema, 'POST', '/api/v1/keys', {
      kind: 'client',
      environment: 'production',
      name: 'web',
    });
    await expectBody(apiKeyListSchema, 'GET', '/api/v1/keys');
    await expectBody(auditListSchema, 'GET', '/api/v1/audit?environment=production');

    const server = await t.createKey('server', 'production');
    const events = await t.api(
      'POST',
      '/sdk/v1/events',
      { metrics: [{ flag: 'described', variant: 'on', evaluations: 3, exposures: 1, errors: 1 }] },
      { token: server },
    );
    expect(events.status).toBeLessThan(300);
    const metrics = await expectBody(flagMetricsResponseSchema, 'GET', `${flag}/metrics?minutes=5`);
    expect(metrics.totals).toEqual([
      expect.objectContaining({ variant: 'on', evaluations: 3, errorRate: 1 / 3 }),
    ]);
  });

  it('refuse with the shared error body, field problems and conflict details', async () => {
    const invalid = await expectBody(errorBodySchema, 'PUT', flag, {
      ...booleanFlag('described'),
      offVariant: 7,
    });
    expect(fieldProblemsSchema.parse(invalid.error.details)[0]?.path).toBe('offVariant');
    const res = await t.api(
      'POST',
      `${flag}/rollout`,
      { percentage: 30 },
      { headers: { 'if-match': '"1"' } },
    );
    expect(errorBodySchema.parse(res.body).error.code).toBe('SY_ERR_CONFLICT');
    expect(conflictDetailsSchema.parse(res.body.error.details)).toEqual({ currentVersion: 2 });
  });
});
