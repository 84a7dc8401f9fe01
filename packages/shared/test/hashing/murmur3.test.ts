import { bucketingVectors } from '@switchyard/test-support/vectors';
import fc from 'fast-check';
import murmurhash from 'murmurhash';
import { describe, expect, it } from 'vitest';
import { murmur3After, murmur3AfterSigned, preparePrefix } from '../../src/hashing/murmur3.js';
import { murmur3, murmur3WithPrefix } from '../../src/index.js';

describe('murmur3', () => {
  it.each(bucketingVectors.murmur3_x86_32)(
    'hashes $input with seed $seed to $hash',
    ({ input, seed, hash }) => {
      expect(murmur3(input, seed)).toBe(hash);
    },
  );

  it('agrees with the murmurhash package on random Unicode strings, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.nat(), (input, seed) => {
        expect(murmur3(input, seed)).toBe(murmurhash.v3(input, seed));
      }),
      { numRuns: 5_000 },
    );
  });

  it('hashes a prefix once and gives the same hash as the concatenation', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (prefix, suffix) => {
          expect(murmur3WithPrefix(prefix)(suffix)).toBe(murmurhash.v3(prefix + suffix, 0));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  // Characters at each edge of UTF-8's 1-, 2-, 3- and 4-byte forms and of the surrogate ranges (paired,
  // lone, reversed), at every alignment within a 4-byte block, seeded and not, whole or split between
  // a prefix and a suffix.
  it('encodes every UTF-8 length and surrogate edge as TextEncoder does, at every alignment', () => {
    const edges = [
      '\u007f',
      '\u0080',
      '\u07ff',
      '\u0800',
      '\ud7ff',
      '\ue000',
      '\uffff',
      '\u{10000}',
      '\u{10ffff}',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ud800\udc00',
      '\udbff\udfff',
      '\udc00\ud800',
      '\ud800\ud800',
      '\ud800\ue000',
      '\udbff\u0041',
      '\ud83d',
    ];
    const wrong: string[] = [];
    for (const edge of edges) {
      for (const lead of ['', 'a', 'ab', 'abc']) {
        for (const input of [lead + edge, `${lead + edge}xyzw`, lead + edge + edge]) {
          for (const seed of [0, 1, 0x9747b28c]) {
            const expected = murmurhash.v3(input, seed);
            if (murmur3(input, seed) !== expected) wrong.push(`murmur3(${JSON.stringify(input)}, ${seed})`);
            for (let cut = 0; cut <= input.length; cut++) {
              const hashed = murmur3WithPrefix(input.slice(0, cut), seed)(input.slice(cut));
              if (hashed !== expected) wrong.push(`prefix ${cut} of ${JSON.stringify(input)}, seed ${seed}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  // ASCII is hashed a character per byte; the first other character hands the input to the UTF-8
  // encoder, at any point of a block and after a prefix of any length.
  it('hashes ASCII up to a first non-ASCII character at every offset and prefix alignment', () => {
    const wrong: string[] = [];
    for (const prefix of ['', 'f', 'fl', 'fla', 'flag', 'flag-12']) {
      const prepared = preparePrefix(prefix);
      for (let ascii = 0; ascii <= 9; ascii++) {
        // Four characters whose bits together are exactly 0x80 must not pass for four ASCII bytes.
        const tails = [
          '',
          '\u0080',
          '\u00e9x',
          '\u4e2d',
          '\u{1f680}',
          '\ud800',
          '\u007f',
          '\u0080'.repeat(4),
          '\0\u0080\0\0',
        ];
        for (const tail of tails) {
          const suffix = 'user-1234'.slice(0, ascii) + tail;
          if (murmur3After(prepared, suffix) !== murmurhash.v3(prefix + suffix, 0))
            wrong.push(JSON.stringify([prefix, suffix]));
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the seed and the prefix of a prepared prefix, also when the suffix completes a surrogate pair', () => {
    for (const [prefix, suffix] of [
      ['salt', 'user-1'],
      ['rocket\ud83d', '\ude80x'],
      ['\ud83d', 'x'],
    ] as const) {
      for (const seed of [0, 7, 0x9747b28c]) {
        const prepared = preparePrefix(prefix, seed);
        expect(prepared.prefix).toBe(prefix);
        expect(murmur3After(prepared, suffix)).toBe(murmurhash.v3(prefix + suffix, seed));
      }
    }
  });

  // The engine buckets from the signed form, which V8 returns from a call without allocating a number.
  it('gives the same 32 bits signed, for hashes above 2^31 too', () => {
    let above = 0;
    for (const prefix of ['flag-1', 'rocket\ud83d']) {
      const prepared = preparePrefix(prefix);
      for (let i = 0; i < 200; i++) {
        const signed = murmur3AfterSigned(prepared, `user-${i}`);
        const unsigned = murmur3After(prepared, `user-${i}`);
        expect(signed).toBe(unsigned | 0);
        expect(signed >>> 0).toBe(murmurhash.v3(`${prefix}user-${i}`, 0));
        if (unsigned >= 2 ** 31) above++;
      }
    }
    expect(above).toBeGreaterThan(100);
  });

  it('returns unsigned 32-bit integers', () => {
    for (let i = 0; i < 1000; i++) {
      const h = murmur3(`user-${i}`);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
