/**
 * SemVer 2.0 parsing and precedence for the `semver*` clause operators. A missing minor or patch reads
 * as 0 (`"3"` is `3.0.0`); build metadata is ignored; anything else that is not a version is `null`.
 */

import { memoizeStrings, PARSED_VALUES_REMEMBERED } from './memo.js';

export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers; numeric ones as numbers. Empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

const SEMVER =
  /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(input: unknown): SemVer | null {
  if (typeof input !== 'string') return null;
  const m = SEMVER.exec(input);
  if (!m) return null;
  return {
    major: Number(m[1]),
    minor: m[2] === undefined ? 0 : Number(m[2]),
    patch: m[3] === undefined ? 0 : Number(m[3]),
    prerelease: m[4] === undefined ? [] : m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)),
  };
}

const parseRemembered = memoizeStrings(parseSemver, PARSED_VALUES_REMEMBERED);

/**
 * `parseSemver` for context values: the same answer, each distinct string parsed once (within a
 * bounded memory). The result is shared between callers and must not be changed.
 */
export function parseSemverOnce(input: unknown): SemVer | null {
  return typeof input === 'string' ? parseRemembered(input) : null;
}

/** Negative when `a` precedes `b`, positive when it follows, 0 when they have equal precedence. */
export function compareSemver(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  const pa = a.prerelease;
  const pb = b.prerelease;
  // A release has higher precedence than any of its pre-releases.
  if (pa.length === 0 || pb.length === 0) return pb.length - pa.length;
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string | number;
    const y = pb[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    // Numeric identifiers have lower precedence than alphanumeric ones.
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    // Stryker disable next-line EqualityOperator: for `<=`, equal identifiers were skipped above (`>=` shares the line)
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
