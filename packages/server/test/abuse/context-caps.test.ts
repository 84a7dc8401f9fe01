import { CONTEXT_LIMITS } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, isLive, startAttackTarget } from '../support/attack-target.js';

// Attack: contexts with huge strings, huge arrays or thousands of attributes through a client key.
let target: AttackTarget;

const evaluate = (context: unknown) => target.call('POST', '/sdk/v1/evaluate', { context }, target.clientKey);

beforeAll(async () => {
  target = await startAttackTarget();
}, 60_000);

afterAll(() => target?.stop());

describe('context size caps', () => {
  it('refuses a string attribute over the limit, naming the attribute', async () => {
    const res = await evaluate({ userId: 'u-1', email: 'a'.repeat(CONTEXT_LIMITS.maxStringLength + 1) });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: 'context.email',
      message: `must be at most ${CONTEXT_LIMITS.maxStringLength} characters`,
    });
  });

  it('refuses an array attribute over the limit, naming the attribute', async () => {
    const res = await evaluate({ groups: Array.from({ length: CONTEXT_LIMITS.maxArrayLength + 1 }, String) });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: 'context.groups',
      message: `must have at most ${CONTEXT_LIMITS.maxArrayLength} elements`,
    });
  });

  it('refuses a long string inside an array, naming the attribute and the element', async () => {
    const res = await evaluate({ groups: ['ok', 'b'.repeat(CONTEXT_LIMITS.maxStringLength + 1)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('context.groups.1');
  });

  it('refuses more attributes than the limit, naming the first one over it', async () => {
    const context = Object.fromEntries(
      Array.from({ length: CONTEXT_LIMITS.maxAttributes + 10 }, (_, i) => [`attr${i}`, i]),
    );
    const res = await evaluate(context);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: `context.attr${CONTEXT_LIMITS.maxAttributes}`,
      message: `is attribute ${CONTEXT_LIMITS.maxAttributes + 1}; a context has at most ${CONTEXT_LIMITS.maxAttributes}`,
    });
  });

  it('still answers a context at every limit', async () => {
    const context: Record<string, unknown> = {
      userId: 'u'.repeat(CONTEXT_LIMITS.maxStringLength),
      groups: Array.from({ length: CONTEXT_LIMITS.maxArrayLength }, () => 'g'.repeat(100)),
    };
    for (let i = 2; i < CONTEXT_LIMITS.maxAttributes; i++) context[`attr${i}`] = i;
    const res = await evaluate(context);
    expect(res.status).toBe(200);
    expect(await isLive(target)).toBe(true);
  });
});
