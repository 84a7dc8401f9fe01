import { describe, expect, it } from 'vitest';
import { deleteApplies, patchApplies } from '../../src/index.js';

describe('version-ordered apply', () => {
  it.each([
    [3, undefined, undefined, true],
    [3, 2, undefined, true],
    [3, 3, undefined, false],
    [3, 4, undefined, false],
    [3, undefined, 3, false],
    [4, undefined, 3, true],
    [4, 2, 5, false],
  ])('a patch at %s over held %s (deleted at %s) applies: %s', (version, held, deleted, expected) => {
    expect(patchApplies(version, held, deleted)).toBe(expected);
  });

  it.each([
    [3, undefined, true],
    [3, 2, true],
    [3, 3, true],
    [3, 4, false],
  ])('a delete at %s over held %s applies: %s', (version, held, expected) => {
    expect(deleteApplies(version, held)).toBe(expected);
  });
});
