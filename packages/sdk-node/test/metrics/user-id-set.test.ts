import { describe, expect, it } from 'vitest';
import { UserIdSet, userIdHash } from '../../src/metrics/user-id-set.js';

const ids = (count: number, prefix = 'user-') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('UserIdSet', () => {
  it('counts each distinct user id once', () => {
    const set = new UserIdSet(10_000);
    for (let round = 0; round < 3; round++) for (const id of ids(5_000)) set.add(id);
    // Equal strings made separately, as each request parses its own, are the same user.
    set.add(['user', '42'].join('-'));
    expect(set.size).toBe(5_000);
  });

  it('never counts more users than were added, whatever the ids', () => {
    const samples = [
      ids(3_000),
      ids(3_000, 'tenant-7/user-'),
      Array.from({ length: 3_000 }, (_, i) => `${'x'.repeat(i % 50)}${i % 1_000}@example.com`),
      Array.from({ length: 3_000 }, (_, i) => String.fromCharCode(0xd800 + (i % 2_048), i % 97)),
      Array.from({ length: 3_000 }, (_, i) => (i % 10 === 0 ? '' : `${(i * 2_654_435_761) % 1_000}`)),
    ];
    for (const sample of samples) {
      const set = new UserIdSet(10_000);
      for (const id of sample) set.add(id);
      const distinct = new Set(sample).size;
      expect(set.size).toBeLessThanOrEqual(distinct);
      // Ids only merge when their 32-bit hashes collide.
      expect(set.size).toBe(new Set(sample.map(userIdHash)).size);
    }
  });

  it('stops at its bound and holds at most 4 bytes per slot of a table sized for it', () => {
    const set = new UserIdSet(10_000);
    for (const id of ids(1_000_000)) set.add(id);
    expect(set.size).toBe(10_000);
    expect(set.full).toBe(true);
    expect(set.bytes).toBeLessThanOrEqual(65_536);

    const small = new UserIdSet(100);
    for (const id of ids(1_000_000)) small.add(id);
    expect(small.size).toBe(100);
    expect(small.bytes).toBeLessThanOrEqual(1_024);
  });

  it('forgets every id on clear(), keeping a table that was well used and shrinking one that was not', () => {
    const set = new UserIdSet(10_000);
    for (const id of ids(8_000)) set.add(id);
    const grown = set.bytes;
    set.clear();
    expect(set.size).toBe(0);
    expect(set.bytes).toBe(grown);
    for (const id of ids(10)) set.add(id);
    expect(set.size).toBe(10);
    set.clear();
    expect(set.bytes).toBeLessThanOrEqual(128);
    for (const id of ids(10)) set.add(id);
    expect(set.size).toBe(10);
  });

  it('hashes to a non-zero 32-bit integer that depends on every character', () => {
    for (const id of ['', 'a', 'user-1', 'user-2', '1-resu', 'ü', '\u{1F600}']) {
      const hash = userIdHash(id);
      expect(hash).not.toBe(0);
      expect(hash).toBe(hash | 0);
    }
    expect(userIdHash('user-1')).not.toBe(userIdHash('user-2'));
    expect(userIdHash('ab')).not.toBe(userIdHash('ba'));
    // 100,000 similar ids spread over the low 16 bits, which pick the slot, about as random values
    // would (these would fill 51,290 of the 65,536 on average).
    const low = new Set(ids(100_000).map((id) => userIdHash(id) & 0xffff));
    expect(low.size).toBeGreaterThan(50_000);
  });
});
