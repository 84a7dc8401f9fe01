import fc from 'fast-check';
import murmurhash from 'murmurhash';
import { describe, expect, it } from 'vitest';
import { murmur3, murmur3WithPrefix } from '../../src/index.js';
import { bucketingVectors } from '../vectors.js';

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

  it('returns unsigned 32-bit integers', () => {
    for (let i = 0; i < 1000; i++) {
      const h = murmur3(`user-${i}`);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
