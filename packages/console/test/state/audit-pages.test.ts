import type { AuditEntry } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { withNewest, withOlder } from '../../src/state/audit-pages.js';

const entry = (n: number): AuditEntry => ({
  id: `e${n}`,
  at: new Date(Date.UTC(2026, 11, 1, 0, n)).toISOString(),
  actor: { keyId: 'k', name: 'admin' },
  action: 'flag.rollout',
  environment: 'development',
  resource: { kind: 'flag', key: 'f' },
  before: null,
  after: null,
});
/** Entries n down to m, newest first. */
const range = (n: number, m: number) => Array.from({ length: n - m + 1 }, (_, i) => entry(n - i));
const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);

describe('audit pages', () => {
  it('puts a newest page that overlaps the loaded ones in front, keeping the older pages and their cursor', () => {
    const loaded = { entries: range(40, 1), next: 'c1' };
    const merged = withNewest(loaded, { entries: range(43, 24), next: 'c24' });
    expect(ids(merged.entries)).toEqual(ids(range(43, 1)));
    expect(merged.next).toBe('c1');
  });

  it('starts over when the newest page does not reach the loaded entries (no gap is shown)', () => {
    const loaded = { entries: range(40, 1), next: null };
    const fresh = { entries: range(80, 61), next: 'c61' };
    expect(withNewest(loaded, fresh)).toBe(fresh);
  });

  it('takes the newest page alone when it is the whole history, or on the first load', () => {
    const whole = { entries: range(5, 1), next: null };
    expect(withNewest({ entries: range(4, 1), next: 'x' }, whole)).toBe(whole);
    expect(withNewest(undefined, whole)).toBe(whole);
    const empty = { entries: [], next: null };
    expect(withNewest({ entries: range(4, 1), next: null }, empty)).toBe(empty);
  });

  it('adds an older page after the loaded entries without repeating one', () => {
    const merged = withOlder({ entries: range(40, 21), next: 'c21' }, { entries: range(21, 2), next: 'c2' });
    expect(ids(merged.entries)).toEqual(ids(range(40, 2)));
    expect(merged.next).toBe('c2');
  });
});
