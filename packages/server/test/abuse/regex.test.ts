import { booleanFlag } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, isLive, startAttackTarget } from '../support/attack-target.js';

// Attack: a `matches` rule that backtracks catastrophically, fed a crafted attribute through a client key.
let target: AttackTarget;

const withRegex = (key: string, pattern: string) =>
  booleanFlag(key, 0, {
    rules: [
      {
        id: 'regex',
        clauses: [{ attribute: 'email', op: 'matches', values: [pattern] }],
        serve: { variant: 'on' },
      },
    ],
  });

beforeAll(async () => {
  target = await startAttackTarget();
}, 60_000);

afterAll(() => target?.stop());

describe('catastrophic regexes', () => {
  it('evaluates a nested quantifier against a crafted string without hanging the server', async () => {
    const put = await target.call(
      'PUT',
      '/api/v1/environments/production/flags/evil',
      withRegex('evil', '^(a+)+$'),
    );
    expect(put.status).toBe(201);
    // A backtracking engine takes 2^60 steps here: the request would never return.
    const email = `${'a'.repeat(60)}!`;
    const evaluated = await target.call(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1', email } },
      target.clientKey,
    );
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.flags.evil).toMatchObject({ value: false, reason: { kind: 'FALLTHROUGH' } });
    const matching = await target.call(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1', email: 'aaaa' } },
      target.clientKey,
    );
    expect(matching.body.flags.evil).toMatchObject({ value: true, reason: { kind: 'RULE_MATCH' } });
    expect(await isLive(target)).toBe(true);
  });

  it('refuses at write time the patterns only a backtracking engine runs, saying why', async () => {
    for (const pattern of ['^(?=a)a$', '(a)\\1', '(?<!x)y']) {
      const res = await target.call(
        'PUT',
        '/api/v1/environments/production/flags/lookaround',
        withRegex('lookaround', pattern),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('SY_ERR_VALIDATION');
      expect(res.body.error.details).toContainEqual({
        path: 'rules.0.clauses.0.values.0',
        message: expect.stringContaining('backtracking'),
      });
    }
  });

  it('keeps accepted regex flags across a restart', async () => {
    await target.restart();
    const evaluated = await target.call(
      'POST',
      '/sdk/v1/evaluate',
      { context: { email: `${'a'.repeat(60)}!` } },
      target.clientKey,
    );
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.flags.evil.value).toBe(false);
  });
});
