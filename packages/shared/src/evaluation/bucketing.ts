import { murmur3, murmur3AfterSigned, type PreparedPrefix, preparePrefix } from '../hashing/murmur3.js';
import { TOTAL_WEIGHT } from '../schema/flag.js';

const TWO_POW_32 = 2 ** 32;

/** Maps an unsigned 32-bit hash onto a bucket 0..99999 (DESIGN section 4, flagd's "fractional"). */
export function bucketOfHash(hash: number): number {
  return bucketOfBits(hash | 0);
}

/**
 * `bucketOfHash` of the same 32 bits read as a signed integer, which V8 passes between calls as a
 * small integer: an unsigned hash above 2^31 would be allocated as a number at each call.
 */
function bucketOfBits(bits: number): number {
  // hash * 100000 < 2^53 and the division is by a power of two, so this is exact.
  return Math.floor(((bits >>> 0) * TOTAL_WEIGHT) / TWO_POW_32);
}

/** The bucket 0..99999 of `unit` for a flag salted with `salt`. */
export function bucketOf(salt: string, unit: string): number {
  return bucketOfHash(murmur3(salt + unit));
}

/**
 * `bucketOf(salt.prefix, unit)` for a salt hashed once up front (`preparePrefix(salt)`), as compiled
 * flags keep it: a plain call, so the engine calls the same function for every flag.
 */
export function bucketAfter(salt: PreparedPrefix, unit: string): number {
  return bucketOfBits(murmur3AfterSigned(salt, unit));
}

/** `bucketOf(salt, unit)` with the salt hashed once up front. */
export function createBucketer(salt: string): (unit: string) => number {
  const prepared = preparePrefix(salt);
  return (unit) => bucketAfter(prepared, unit);
}

/**
 * The bucketing unit of a context: the attribute as a string when it is a string or a finite number,
 * otherwise `undefined` (missing, boolean, array and object values count as missing).
 */
export function unitOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // Number.isFinite is false for every non-number.
  if (Number.isFinite(value)) return String(value);
  return undefined;
}
