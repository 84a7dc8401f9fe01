import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseName, type EvaluationCase, evaluationVectors } from '../../../../shared/test/vectors.js';
import { startTestServer, type TestServer } from '../../support/server.js';

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

/** OpenFeature's reason for each Switchyard reason, written out here rather than taken from the code. */
function expectedReason(c: EvaluationCase): string {
  const { kind, inRollout } = c.expect.reason;
  if (inRollout) return 'SPLIT';
  return {
    OFF: 'DISABLED',
    PREREQUISITE_FAILED: 'DISABLED',
    TARGET_MATCH: 'TARGETING_MATCH',
    RULE_MATCH: 'TARGETING_MATCH',
    FALLTHROUGH: 'DEFAULT',
  }[kind as 'OFF'];
}

const EXPECTED_ERRORS: Record<string, [number, string]> = {
  FLAG_NOT_FOUND: [404, 'FLAG_NOT_FOUND'],
  TARGETING_KEY_MISSING: [400, 'TARGETING_KEY_MISSING'],
  MALFORMED_FLAG: [400, 'PARSE_ERROR'],
};

/** A vector's context as an OpenFeature caller sends it: the user id is the targeting key. */
function ofrepContext(context: Record<string, unknown>): Record<string, unknown> {
  const { userId, ...rest } = context;
  return typeof userId === 'string' ? { targetingKey: userId, ...rest } : context;
}

// Every shared case through `POST /ofrep/v1/evaluate/flags/{key}`, as any OFREP provider calls it.
describe('shared evaluation vectors through OFREP', () => {
  it.each(evaluationVectors.cases.map((c) => [caseName(c), c] as const))('%s', async (_, c) => {
    const res = await t.api(
      'POST',
      `/ofrep/v1/evaluate/flags/${encodeURIComponent(c.flag)}`,
      { context: ofrepContext(c.context) },
      { token: serverKey },
    );
    if (c.expect.reason.kind === 'ERROR') {
      const [status, errorCode] = EXPECTED_ERRORS[c.expect.reason.errorCode as string] as [number, string];
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ key: c.flag, errorCode });
      expect(res.body.errorDetails).toContain(c.flag);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: c.flag,
      value: c.expect.value,
      variant: c.expect.variant,
      reason: expectedReason(c),
    });
    expect(res.body.metadata.switchyardReason).toBe(c.expect.reason.kind);
  });
});
