import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import {
  caseName,
  evaluationVectors,
  OPEN_FEATURE_ERROR_CODES,
  openFeatureContext,
  openFeatureReason,
} from '@switchyard/test-support/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
let serverKey: string;

beforeAll(async () => {
  t = await startTestServer();
  serverKey = await t.createKey('server', 'production');
  for (const { version: _, ...segment } of Object.values(evaluationVectors.segments))
    expect(
      (await t.api('PUT', `/api/v1/environments/production/segments/${segment.key}`, segment)).status,
    ).toBe(201);
  for (const { version: _, ...flag } of Object.values(evaluationVectors.flags))
    expect((await t.api('PUT', `/api/v1/environments/production/flags/${flag.key}`, flag)).status).toBe(201);
});
afterAll(() => t.close());

/** OFREP's status for each error; the error code itself is OpenFeature's. */
const STATUSES: Record<string, number> = {
  FLAG_NOT_FOUND: 404,
  TARGETING_KEY_MISSING: 400,
  MALFORMED_FLAG: 400,
};

// Every shared case through `POST /ofrep/v1/evaluate/flags/{key}`, as any OFREP provider calls it.
describe('shared evaluation vectors through OFREP', () => {
  it.each(evaluationVectors.cases.map((c) => [caseName(c), c] as const))('%s', async (_, c) => {
    const res = await t.api(
      'POST',
      `/ofrep/v1/evaluate/flags/${encodeURIComponent(c.flag)}`,
      { context: openFeatureContext(c.context) },
      { token: serverKey },
    );
    if (c.expect.reason.kind === 'ERROR') {
      const code = c.expect.reason.errorCode as keyof typeof OPEN_FEATURE_ERROR_CODES;
      expect(res.status).toBe(STATUSES[code]);
      expect(res.body).toMatchObject({ key: c.flag, errorCode: OPEN_FEATURE_ERROR_CODES[code] });
      expect(res.body.errorDetails).toContain(c.flag);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: c.flag,
      value: c.expect.value,
      variant: c.expect.variant,
      reason: openFeatureReason(c.expect),
    });
    expect(res.body.metadata.switchyardReason).toBe(c.expect.reason.kind);
  });
});
