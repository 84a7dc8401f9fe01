import { booleanFlag } from '@switchyard/test-support/flags';
import { describe, expect, it } from 'vitest';
import { CountingEvaluator } from '../../src/evaluation/counting-evaluator.js';
import { EvaluationCounter, type EvaluationCounterOptions } from '../../src/metrics/evaluation-counter.js';
import { createRulesetStore } from '../../src/ruleset/ruleset-store.js';

/** A reader over one boolean flag `f` that serves `on` to the user ids listed in `on`. */
function setup(options: EvaluationCounterOptions, on: string[] = []) {
  const store = createRulesetStore();
  const flag = { ...booleanFlag('f', 0, { targets: [{ variant: 'on', values: on }] }), version: 1 };
  store.replace({ flags: { f: flag }, segments: {} }, 'server');
  const counter = new EvaluationCounter((key) => store.getFlag(key)?.type ?? null, options);
  return { counter, reader: new CountingEvaluator(store, counter) };
}

describe('counting evaluations', () => {
  it('counts every evaluation and each user once per variant and window', () => {
    const { counter, reader } = setup({}, ['a']);
    for (const user of ['a', 'b', 'a', 'a', 'c']) reader.isEnabled('f', user);
    reader.evaluate('f', { userId: 'b' }, false);
    reader.variation('missing', 'a', 1);
    expect(counter.drain()).toEqual([
      { flag: 'f', variant: 'on', evaluations: 3, exposures: 1, errors: 0 },
      { flag: 'f', variant: 'off', evaluations: 3, exposures: 2, errors: 0 },
      { flag: 'missing', variant: null, evaluations: 1, exposures: 1, errors: 0 },
    ]);
    reader.isEnabled('f', 'a');
    expect(counter.drain()).toEqual([{ flag: 'f', variant: 'on', evaluations: 1, exposures: 1, errors: 0 }]);
    expect(counter.drain()).toEqual([]);
  });

  it('counts exposures exactly while a variant has at most exactLooks evaluations in a window', () => {
    const { counter, reader } = setup({ exactLooks: 1_000 });
    // 1,000 evaluations of `off` by 400 users, each seen 2 or 3 times.
    for (let i = 0; i < 1_000; i++) reader.isEnabled('f', `user-${(i * 7) % 400}`);
    expect(counter.drain()).toEqual([
      { flag: 'f', variant: 'off', evaluations: 1_000, exposures: 400, errors: 0 },
    ]);
  });

  it('then looks at one evaluation in lookOneIn, keeping evaluation counts exact', () => {
    // random() = 0.5 puts looked-at evaluations exactly lookOneIn apart: 1 + floor(0.5 × (2 × 4 − 1)).
    const { counter, reader } = setup({ exactLooks: 100, lookOneIn: 4, random: () => 0.5 });
    for (let i = 0; i < 10_100; i++) reader.isEnabled('f', `user-${i}`);
    // Every id is new: the first 100, then evaluations 104, 108, ..., 10,100.
    expect(counter.drain()).toEqual([
      { flag: 'f', variant: 'off', evaluations: 10_100, exposures: 100 + 2_500, errors: 0 },
    ]);
    // A new window looks at every evaluation again, up to exactLooks.
    for (let i = 0; i < 50; i++) reader.isEnabled('f', `user-${i}`);
    expect(counter.drain()[0]).toMatchObject({ evaluations: 50, exposures: 50 });
  });

  it('never reports more exposures than distinct users, evaluations or its bound', () => {
    const cases = [
      { users: 5_000, evaluations: 200_000, max: 10_000 },
      { users: 50_000, evaluations: 200_000, max: 10_000 },
      { users: 200_000, evaluations: 200_000, max: 1_000 },
      { users: 3, evaluations: 10, max: 10_000 },
    ];
    for (const { users, evaluations, max } of cases) {
      const { counter, reader } = setup({ maxExposuresPerVariant: max }, ['user-0', 'user-1']);
      for (let i = 0; i < evaluations; i++) reader.isEnabled('f', `user-${(i * 7_919) % users}`);
      const metrics = counter.drain();
      const onUsers = Math.min(users, 2);
      expect(metrics.reduce((sum, m) => sum + m.evaluations, 0)).toBe(evaluations);
      for (const m of metrics) {
        const distinct = m.variant === 'on' ? onUsers : users - onUsers;
        expect(m.exposures).toBeGreaterThan(0);
        expect(m.exposures).toBeLessThanOrEqual(Math.min(distinct, m.evaluations, max));
      }
    }
  });

  it('holds a bounded table per variant, whatever the number of users', () => {
    const { counter, reader } = setup({ maxExposuresPerVariant: 10_000, exactLooks: 1_000_000 });
    for (let i = 0; i < 1_000_000; i++) reader.isEnabled('f', `user-${i}`);
    const tally = counter.slots.get('f')?.off;
    expect(tally?.users?.size).toBe(10_000);
    expect(tally?.users?.bytes).toBeLessThanOrEqual(65_536);
    expect(counter.drain()[0]).toMatchObject({ evaluations: 1_000_000, exposures: 10_000 });
    // A quieter window shrinks the table; a window without evaluations lets it go.
    for (let i = 0; i < 100; i++) reader.isEnabled('f', `user-${i}`);
    expect(counter.drain()[0]).toMatchObject({ evaluations: 100, exposures: 100 });
    expect(tally?.users?.bytes).toBeLessThanOrEqual(1_024);
    counter.drain();
    expect(tally?.users).toBeNull();
  });

  it('counts evaluations but no exposures with maxExposuresPerVariant 0, or without a user id', () => {
    const none = setup({ maxExposuresPerVariant: 0 });
    for (let i = 0; i < 1_000; i++) none.reader.isEnabled('f', `user-${i}`);
    expect(none.counter.drain()).toEqual([
      { flag: 'f', variant: 'off', evaluations: 1_000, exposures: 0, errors: 0 },
    ]);
    expect(none.counter.slots.get('f')?.off.users).toBeNull();

    const anonymous = setup({});
    anonymous.reader.isEnabled('f', { country: 'DE' });
    anonymous.reader.isEnabled('f', { userId: 42 as unknown as string });
    expect(anonymous.counter.drain()[0]).toMatchObject({ evaluations: 2, exposures: 0 });
  });

  it('reads the variant of a flag whose type changed', () => {
    const store = createRulesetStore();
    const counter = new EvaluationCounter((key) => store.getFlag(key)?.type ?? null);
    const reader = new CountingEvaluator(store, counter);
    store.onChange((keys) => counter.refresh(keys));
    store.replace({ flags: {}, segments: {} }, 'server');
    expect(reader.isEnabled('f', 'u')).toBe(false);
    store.replace({ flags: { f: { ...booleanFlag('f', 100), version: 1 } }, segments: {} }, 'server');
    expect(reader.isEnabled('f', 'u')).toBe(true);
    expect(counter.drain().map((m) => [m.variant, m.evaluations])).toEqual([
      ['on', 1],
      [null, 1],
    ]);
  });

  it('keeps counting a key that isEnabled uses again after the counter forgot it', () => {
    const { counter, reader } = setup({});
    reader.isEnabled('gone', 'u');
    expect(counter.drain()).toEqual([
      { flag: 'gone', variant: null, evaluations: 1, exposures: 1, errors: 0 },
    ]);
    counter.drain(); // a window without it: the key is forgotten
    expect(counter.slots.has('gone')).toBe(false);
    reader.isEnabled('gone', 'u');
    expect(counter.drain()).toEqual([
      { flag: 'gone', variant: null, evaluations: 1, exposures: 1, errors: 0 },
    ]);
  });

  it('tracks a bounded number of flag keys and forgets keys that are gone and unused', () => {
    const counter = new EvaluationCounter((key) => (key.startsWith('gone') ? null : 'boolean'), {
      maxFlags: 2,
    });
    const count = (key: string) => counter.slot(key).on.evaluations++;
    count('a');
    count('gone');
    count('c'); // past maxFlags: not reported
    expect(counter.drain().map((m) => m.flag)).toEqual(['a', 'gone']);
    expect(counter.dropped).toBe(1);
    // 'gone' is not in the ruleset and was not evaluated for a whole window: its place is freed.
    counter.drain();
    count('c');
    expect(counter.drain().map((m) => m.flag)).toEqual(['c']);
  });
});
