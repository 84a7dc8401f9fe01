import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, isLive, startAttackTarget } from '../support/attack-target.js';

// Attack: JSON nested far deeper than any document needs, at every route that parses JSON.
let target: AttackTarget;

const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const jsonFlag = (key: string, valueText: string) =>
  `{"type":"json","variants":{"a":${valueText},"b":null},"enabled":true,"offVariant":"b","fallthrough":{"variant":"a"}}`;

beforeAll(async () => {
  target = await startAttackTarget();
}, 60_000);

afterAll(() => target?.stop());

describe('deeply nested JSON', () => {
  it('answers 400 (not 500) to bodies nested 100,000 deep on SDK and admin routes', async () => {
    const deep = nested(100_000);
    for (const [path, as] of [
      ['/sdk/v1/evaluate', target.clientKey],
      ['/sdk/v1/events', target.clientKey],
    ] as const) {
      const res = await target.send('POST', path, `{"context":{"a":${deep}}}`, as);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('SY_ERR_BAD_JSON');
      expect(res.body.error.message).toMatch(/deeper than \d+ levels/);
    }
    const flag = await target.send(
      'PUT',
      '/api/v1/environments/production/flags/deep',
      jsonFlag('deep', deep),
    );
    expect(flag.status).toBe(400);
    expect(await isLive(target)).toBe(true);
  });

  it('refuses a variant value nested deeper than 64 levels, naming the variant', async () => {
    const res = await target.send(
      'PUT',
      '/api/v1/environments/production/flags/deep',
      jsonFlag('deep', nested(65)),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: 'variants.a',
      message: 'nests arrays and objects deeper than 64 levels',
    });
  });

  it('accepts a value 64 levels deep, serves it, and starts again over it', async () => {
    const put = await target.send(
      'PUT',
      '/api/v1/environments/production/flags/deep',
      jsonFlag('deep', nested(64)),
    );
    expect(put.status).toBe(201);
    await target.restart();
    const res = await target.call('POST', '/sdk/v1/evaluate', { context: {} }, target.clientKey);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.flags.deep.value)).toBe(nested(64));
  });

  it('refuses a deeply nested client stream context with a 400', async () => {
    const context = Buffer.from(`{"a":${nested(5_000)}}`).toString('base64url');
    const res = await fetch(
      `${target.url}/sdk/v1/evaluate/stream?key=${target.clientKey}&context=${context}`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('SY_ERR_VALIDATION');
  });
});
