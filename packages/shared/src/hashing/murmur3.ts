/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a JavaScript string, without allocating a byte buffer.
 *
 * Bucketing hashes `salt + unit` for every evaluation. The salt is fixed per flag, so its bytes are
 * hashed once into a {@link Murmur3State}; each evaluation then only hashes the unit's bytes on top of
 * it. The `murmurhash` package (TextEncoder + byte loop) stays the test oracle for this code.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The hash state after some prefix: full blocks mixed into `h`, 0–3 pending bytes in `k`. */
export interface Murmur3State {
  readonly h: number;
  readonly k: number;
  readonly pending: number;
  readonly length: number;
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  const x = h ^ k;
  return (Math.imul((x << 13) | (x >>> 19), 5) + 0xe6546b64) | 0;
}

function finish(h: number, k: number, length: number): number {
  // The 1–3 pending tail bytes. With none pending k is 0, and mixing in 0 leaves h as it is.
  let t = Math.imul(k, C1);
  t = (t << 15) | (t >>> 17);
  h ^= Math.imul(t, C2);
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // Signed: a 32-bit signed integer is a small integer to V8, returned from a call without allocating.
  return h | 0;
}

/**
 * Hashes `input` on top of `state` and returns the final hash, as a signed 32-bit integer. Ids and keys are
 * nearly always ASCII, one byte per character: four characters at a time make one block, whatever the
 * prefix left pending (the block takes the pending bytes and the first characters; the rest become
 * the next pending bytes, as many as before). The first other character hands the whole input to
 * {@link hashUtf8From}.
 */
function hashFrom(state: Murmur3State, input: string): number {
  let h = state.h;
  let k = state.k;
  let pending = state.pending;
  const shift = 8 * pending;
  const n = input.length;
  let i = 0;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: groups left to the character loop below hash the same, only slower
  for (; i + 4 <= n; i += 4) {
    const a = input.charCodeAt(i);
    const b = input.charCodeAt(i + 1);
    const c = input.charCodeAt(i + 2);
    const d = input.charCodeAt(i + 3);
    // Stryker disable next-line ConditionalExpression: `true` hands every input to hashUtf8From, which hashes ASCII the same, only slower
    if ((a | b | c | d) >= 0x80) return hashUtf8From(state, input);
    const word = a | (b << 8) | (c << 16) | (d << 24);
    if (shift === 0) {
      h = mixBlock(h, word);
    } else {
      h = mixBlock(h, k | (word << shift));
      k = word >>> (32 - shift);
    }
  }
  for (; i < n; i++) {
    const code = input.charCodeAt(i);
    // Stryker disable next-line ConditionalExpression: `true` hands every input to hashUtf8From, which hashes ASCII the same, only slower
    if (code >= 0x80) return hashUtf8From(state, input);
    k |= code << (8 * pending);
    if (++pending === 4) {
      h = mixBlock(h, k);
      k = 0;
      pending = 0;
    }
  }
  return finish(h, k, state.length + n);
}

/** {@link hashFrom} for any string: characters are encoded to UTF-8 on the fly, a lone surrogate as U+FFFD (as TextEncoder does). */
function hashUtf8From(state: Murmur3State, input: string): number {
  let h = state.h;
  let k = state.k;
  let pending = state.pending;
  let length = state.length;
  const n = input.length;
  let i = 0;

  while (i < n) {
    let code = input.charCodeAt(i++);
    let bytes: number;
    let count: number;
    if (code < 0x80) {
      bytes = code;
      count = 1;
    } else if (code < 0x800) {
      bytes = 0xc0 | (code >> 6) | ((0x80 | (code & 0x3f)) << 8);
      count = 2;
    } else {
      if (code >= 0xd800 && code <= 0xdfff) {
        // Past the end charCodeAt is NaN, which is no low surrogate either.
        const next = input.charCodeAt(i);
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          i++;
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        } else {
          code = 0xfffd;
        }
      }
      if (code < 0x10000) {
        bytes = 0xe0 | (code >> 12) | ((0x80 | ((code >> 6) & 0x3f)) << 8) | ((0x80 | (code & 0x3f)) << 16);
        count = 3;
      } else {
        bytes =
          0xf0 |
          (code >> 18) |
          ((0x80 | ((code >> 12) & 0x3f)) << 8) |
          ((0x80 | ((code >> 6) & 0x3f)) << 16) |
          ((0x80 | (code & 0x3f)) << 24);
        count = 4;
      }
    }

    for (let j = 0; j < count; j++) {
      k |= ((bytes >>> (8 * j)) & 0xff) << (8 * pending);
      length++;
      if (++pending === 4) {
        h = mixBlock(h, k);
        k = 0;
        pending = 0;
      }
    }
  }
  return finish(h, k, length);
}

/** Unsigned 32-bit MurmurHash3 (x86_32) of the UTF-8 bytes of `input`. */
export function murmur3(input: string, seed = 0): number {
  return hashFrom({ h: seed | 0, k: 0, pending: 0, length: 0 }, input) >>> 0;
}

/** A prefix hashed once, for {@link murmur3After}. */
export interface PreparedPrefix {
  readonly prefix: string;
  readonly seed: number;
  /**
   * The hash state after the prefix's bytes, or null when the prefix ends in the first half of a
   * surrogate pair: that pairs up with a suffix starting with the second half, so its bytes are not
   * known until the suffix is, and the concatenation is hashed then.
   */
  readonly state: Murmur3State | null;
}

export function preparePrefix(prefix: string, seed = 0): PreparedPrefix {
  const last = prefix.charCodeAt(prefix.length - 1);
  // Stryker disable next-line ConditionalExpression: `true` hashes the concatenation, always right, only slower (`false` shares the line)
  return { prefix, seed, state: (last & 0xfc00) === 0xd800 ? null : prefixState(prefix, seed) };
}

/** `murmur3(prepared.prefix + suffix, prepared.seed)`, without re-hashing the prefix or concatenating. */
export function murmur3After(prepared: PreparedPrefix, suffix: string): number {
  return murmur3AfterSigned(prepared, suffix) >>> 0;
}

/**
 * {@link murmur3After} as a signed 32-bit integer (the same 32 bits): half of all unsigned hashes are
 * above V8's small integers, and returning one from a call that is not inlined allocates a number.
 */
export function murmur3AfterSigned(prepared: PreparedPrefix, suffix: string): number {
  const state = prepared.state;
  // Stryker disable next-line ConditionalExpression: `true` hashes the concatenation, always right, only slower
  return state === null ? murmur3(prepared.prefix + suffix, prepared.seed) | 0 : hashFrom(state, suffix);
}

/**
 * Hashes `prefix` once and returns a function that hashes `prefix + suffix` for any suffix, with the
 * same result as `murmur3(prefix + suffix, seed)` (see {@link murmur3After}).
 */
export function murmur3WithPrefix(prefix: string, seed = 0): (suffix: string) => number {
  const prepared = preparePrefix(prefix, seed);
  return (suffix) => murmur3After(prepared, suffix);
}

function prefixState(prefix: string, seed: number): Murmur3State {
  // Runs once per flag salt, so TextEncoder's allocation does not matter here; it also acts as an
  // independent UTF-8 encoder next to the hand-written one in hashFrom.
  let h = seed | 0;
  let k = 0;
  let pending = 0;
  let length = 0;
  const bytes = new TextEncoder().encode(prefix);
  for (const byte of bytes) {
    k |= byte << (8 * pending);
    length++;
    if (++pending === 4) {
      h = mixBlock(h, k);
      k = 0;
      pending = 0;
    }
  }
  return { h, k, pending, length };
}
