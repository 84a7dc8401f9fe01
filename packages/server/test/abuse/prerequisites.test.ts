import { MAX_PREREQUISITE_DEPTH } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, startAttackTarget } from '../support/attack-target.js';

// Attack: prerequisite graphs that make one evaluation deep or exponential, evaluated by a client key.
let target: AttackTarget;
const WIDTH = 3;

const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;
const withPrerequisites = (key: string, prerequisites: string[]) =>
  booleanFlag(key, 100, { prerequisites: prerequisites.map((flag) => ({ flag, variant: 'on' })) });
const level = (n: number) => Array.from({ length: WIDTH }, (_, i) => `l${n}-${i}`);

beforeAll(async () => {
  target = await startAttackTarget();
  // Levels 0..MAX: every flag of a level needs every flag of the next one. Evaluated link by link,
  // one flag of level 0 costs WIDTH^MAX (3^16, 43 million) evaluations.
  for (let n = MAX_PREREQUISITE_DEPTH; n >= 0; n--) {
    for (const key of level(n)) {
      const prerequisites = n === MAX_PREREQUISITE_DEPTH ? [] : level(n + 1);
      const res = await target.call('PUT', flagPath(key), withPrerequisites(key, prerequisites));
      expect(res.status).toBe(201);
    }
  }
}, 120_000);

afterAll(() => target?.stop());

describe('prerequisite chains', () => {
  it('evaluates a wide graph of the deepest allowed chains once per flag', async () => {
    const res = await target.call(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1' } },
      target.clientKey,
    );
    expect(res.status).toBe(200);
    expect(res.body.flags['l0-0']).toMatchObject({ value: true, reason: { kind: 'FALLTHROUGH' } });
  });

  it('refuses a flag that would make a chain one link longer, on either end', async () => {
    const below = await target.call('PUT', flagPath('too-deep'), withPrerequisites('too-deep', level(0)));
    expect(below.status).toBe(400);
    expect(below.body.error.details).toEqual([
      {
        path: 'prerequisites',
        message: `would make a chain of ${MAX_PREREQUISITE_DEPTH + 1} prerequisite links; at most ${MAX_PREREQUISITE_DEPTH} are allowed`,
      },
    ]);
    const bottom = `l${MAX_PREREQUISITE_DEPTH}-0`;
    await target.call('PUT', flagPath('leaf'), booleanFlag('leaf', 100));
    const above = await target.call('PUT', flagPath(bottom), withPrerequisites(bottom, ['leaf']));
    expect(above.status).toBe(400);
  });

  it('starts again over the graph and serves the same values', async () => {
    await target.restart();
    const res = await target.call(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1' } },
      target.clientKey,
    );
    expect(res.status).toBe(200);
    expect(res.body.flags['l0-0'].value).toBe(true);
  });
});
