import { describe, expect, it } from 'vitest';
import { FlagReader } from '../../src/evaluation/flag-reader.js';
import { EvaluationCounter, type EvaluationCounterOptions } from '../../src/metrics/evaluation-counter.js';
import { createRulesetStore } from '../../src/ruleset/ruleset-store.js';
import { booleanFlag } from '../support/flags.js';

/** A reader over one boolean flag `f` that serves `on` to the user ids listed in `on`. */
function setup(options: EvaluationCounterOptions, on: string[] = []) {
  const store = createRulesetStore();
  const flag = { ...booleanFlag('f', 0, { targets: [{ variant: 'on', values: on }] }), version: 1 };
  store.replace({ flags: { f: flag }, segments: {} }, 'server');
  const counter = new EvaluationCounter((key) => store.getFlag(key)?.type ?? null, options);
  return { counter, reader: new FlagReader(store, counter) };
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

  it('keeps evaluation counts exact past its bounds, with exposures as a lower bound', () => {
    const { counter, reader } = setup({ maxExposuresPerVariant: 10, exposureBudget: 1_000 });
    for (let i = 0; i < 50; i++) reader.isEnabled('f', `user-${i}`);
    expect(counter.drain()[0]).toMatchObject({ evaluations: 50, exposures: 10 });

    const budgeted = setup({ maxExposuresPerVariant: 10_000, exposureBudget: 100 });
    for (let i = 0; i < 300; i++) budgeted.reader.isEnabled('f', `user-${i}`);
    expect(budgeted.counter.drain()[0]).toMatchObject({ evaluations: 300, exposures: 100 });
    // The budget is per window: the next window looks at user ids again.
    for (let i = 0; i < 300; i++) budgeted.reader.isEnabled('f', `user-${i % 150}`);
    expect(budgeted.counter.drain()[0]).toMatchObject({ evaluations: 300, exposures: 100 });
  });

  it('reads the variant of a flag whose type changed', () => {
    const store = createRulesetStore();
    const counter = new EvaluationCounter((key) => store.getFlag(key)?.type ?? null);
    const reader = new FlagReader(store, counter);
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
