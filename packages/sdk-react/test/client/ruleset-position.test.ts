import { rulesetOrderCases } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { parseEvaluateResponse } from '../../src/client/payload-guards.js';
import { createPositionGate } from '../../src/client/ruleset-position.js';

describe('the values in hand never go back within a store epoch (the shared table)', () => {
  it.each(rulesetOrderCases)('$name: applies $applies', ({ held, incoming, applies }) => {
    const gate = createPositionGate();
    if (held !== null) expect(gate.admit(held)).toBe(true);
    // The payload as it comes off the wire, through the same guard the client uses.
    const payload = parseEvaluateResponse({ ...incoming, flags: {} });
    expect(payload).toBeDefined();
    expect(gate.admit(payload ?? { flags: {} })).toBe(held === null || applies);
  });

  it('moves forward with each payload it admits', () => {
    const gate = createPositionGate();
    expect(gate.admit({ epoch: 'e1', revision: 5 })).toBe(true);
    expect(gate.admit({ epoch: 'e1', revision: 6 })).toBe(true);
    expect(gate.admit({ epoch: 'e1', revision: 5 })).toBe(false);
    expect(gate.admit({ epoch: 'e2', revision: 1 })).toBe(true);
    expect(gate.admit({ epoch: 'e2', revision: 0 })).toBe(false);
  });
});
