import { rulesetOrderCases } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { positionAfter, rulesetAdvances } from '../../src/index.js';

describe('rulesetAdvances (the table the SDKs run too)', () => {
  it.each(rulesetOrderCases)('$name: applies $applies', ({ held, incoming, applies }) => {
    expect(rulesetAdvances(held, incoming)).toBe(applies);
  });

  it('keeps the held epoch for a payload that carries none', () => {
    expect(positionAfter({ epoch: 'e1', revision: 3 }, { revision: 4 })).toEqual({
      epoch: 'e1',
      revision: 4,
    });
    expect(positionAfter({ epoch: 'e1', revision: 3 }, { epoch: 'e2', revision: 1 })).toEqual({
      epoch: 'e2',
      revision: 1,
    });
  });
});
