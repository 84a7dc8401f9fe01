import { contextSchema } from '@switchyard/shared';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { caseName, evaluationVectors } from '@switchyard/test-support/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
let clientKey: string;

beforeAll(async () => {
  t = await startTestServer();
  clientKey = await t.createKey('client', 'production');
  for (const { version: _, ...segment } of Object.values(evaluationVectors.segments)) {
    const res = await t.api('PUT', `/api/v1/environments/production/segments/${segment.key}`, segment);
    expect(res.status).toBe(201);
  }
  for (const { version: _, ...flag } of Object.values(evaluationVectors.flags)) {
    const res = await t.api('PUT', `/api/v1/environments/production/flags/${flag.key}`, flag);
    expect(res.status).toBe(201);
  }
});
afterAll(() => t.close());

// The server's remote evaluation (`POST /sdk/v1/evaluate`) runs every shared case: flags and the
// segment go in through the admin API, contexts through the SDK endpoint.
describe('shared evaluation vectors through POST /sdk/v1/evaluate', () => {
  it.each(evaluationVectors.cases.map((c) => [caseName(c), c] as const))('%s', async (_, c) => {
    const res = await t.api('POST', '/sdk/v1/evaluate', { context: c.context }, { token: clientKey });
    if (!contextSchema.safeParse(c.context).success) {
      // A context the wire schema refuses (e.g. an array userId) is a 400 naming the field.
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toMatch(/^context\./);
      return;
    }
    expect(res.status).toBe(200);
    if (c.expect.reason.errorCode === 'FLAG_NOT_FOUND') expect(res.body.flags).not.toHaveProperty(c.flag);
    else expect(res.body.flags[c.flag]).toEqual(c.expect);
  });
});
