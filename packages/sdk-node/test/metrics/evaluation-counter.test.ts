import { describe, expect, it } from 'vitest';
import { EvaluationCounter, MAX_PENDING_EXPOSURES } from '../../src/metrics/evaluation-counter.js';

const counting = (maxExposuresPerVariant: number) =>
  new EvaluationCounter(() => 'boolean', { maxExposuresPerVariant, maxFlags: 3 });

function evaluate(counter: EvaluationCounter, key: string, variant: 'on' | 'off', userId: string): void {
  const tally = counter.slot(key).tally(variant);
  tally.evaluations++;
  counter.expose(tally, userId);
}

describe('the evaluation counter', () => {
  it('counts every evaluation and each user once per variant and window', () => {
    const counter = counting(100);
    for (const user of ['a', 'b', 'a', 'a']) evaluate(counter, 'f', 'on', user);
    evaluate(counter, 'f', 'off', 'a');
    expect(counter.drain()).toEqual([
      { flag: 'f', variant: 'on', evaluations: 4, exposures: 2, errors: 0 },
      { flag: 'f', variant: 'off', evaluations: 1, exposures: 1, errors: 0 },
    ]);
    evaluate(counter, 'f', 'on', 'a');
    expect(counter.drain()).toEqual([{ flag: 'f', variant: 'on', evaluations: 1, exposures: 1, errors: 0 }]);
    expect(counter.drain()).toEqual([]);
  });

  it('keeps evaluation counts exact past its memory bounds, with exposures as a lower bound', () => {
    const counter = counting(1_000_000);
    const total = MAX_PENDING_EXPOSURES + 5_000;
    for (let i = 0; i < total; i++) evaluate(counter, 'f', 'on', `user-${i}`);
    expect(counter.drain()).toEqual([
      { flag: 'f', variant: 'on', evaluations: total, exposures: MAX_PENDING_EXPOSURES, errors: 0 },
    ]);

    // Settled often enough, nothing is lost.
    for (let i = 0; i < total; i++) {
      evaluate(counter, 'f', 'on', `user-${i}`);
      if (i % 10_000 === 0) counter.settle();
    }
    expect(counter.drain()[0]).toMatchObject({ evaluations: total, exposures: total });

    const capped = counting(10);
    for (let i = 0; i < 50; i++) evaluate(capped, 'f', 'on', `user-${i}`);
    expect(capped.drain()[0]).toMatchObject({ evaluations: 50, exposures: 10 });
  });

  it('tracks a bounded number of flag keys and forgets keys that are gone and unused', () => {
    const counter = new EvaluationCounter((key) => (key.startsWith('gone') ? null : 'boolean'), {
      maxFlags: 2,
    });
    evaluate(counter, 'a', 'on', 'u');
    evaluate(counter, 'gone', 'on', 'u');
    evaluate(counter, 'c', 'on', 'u'); // past maxFlags: not reported
    expect(counter.drain().map((m) => m.flag)).toEqual(['a', 'gone']);
    expect(counter.dropped).toBe(1);
    // 'gone' is not in the ruleset and was not evaluated for a window: its place is freed.
    counter.drain();
    evaluate(counter, 'c', 'on', 'u');
    expect(counter.drain().map((m) => m.flag)).toEqual(['c']);
  });
});
