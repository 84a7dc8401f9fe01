import type { Clause, Flag, Segment } from '@switchyard/shared';
// The seeded generator (mulberry32) the engine's interop property tests draw with.
import { pick, random as seededRandom } from '../../../../packages/shared/test/interop/generators.js';

/**
 * Scenario (c) of the engine benchmark: many flags with rules of several clauses over string, list,
 * semver, numeric and segment operators, and users with many attributes, some of them missing. Nothing
 * is hand-picked: a seeded generator draws every flag, rule, clause and user, so each run measures the
 * same workload and a change of seed gives another one of the same kind.
 */

export const REALISTIC_SEED = 0x5eed17;
export const FLAG_COUNT = 120;
export const SEGMENT_COUNT = 16;
export const USER_COUNT = 200_000;

type Random = () => number;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
function sample<T>(random: Random, values: readonly T[], count: number): T[] {
  const pool = [...values];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
  return out;
}

const LETTERS = 'ABCDEFGHIJKLMNOPRSTUVWZ';
const COUNTRIES = Array.from(
  { length: 90 },
  (_, i) => `${LETTERS[i % 23]}${LETTERS[(i * 7 + 3) % 23]}`,
).filter((c, i, all) => all.indexOf(c) === i);
const DOMAINS = Array.from(
  { length: 40 },
  (_, i) =>
    `${['acme', 'globex', 'initech', 'umbrella', 'hooli'][i % 5]}${i}.${['com', 'io', 'de', 'co.uk', 'fr'][i % 5]}`,
);
const PLANS = ['free', 'starter', 'pro', 'team', 'business', 'enterprise'];
const PLATFORMS = ['ios', 'android', 'web', 'macos', 'windows', 'linux'];
const TENANTS = 5000;

/** Attributes besides `userId`, each present on a user with its own probability (drawn once). */
const ATTRIBUTES = [
  'email',
  'country',
  'plan',
  'appVersion',
  'tenant',
  'accountAgeDays',
  'seats',
  'platform',
  'beta',
];

export type User = Record<string, string | number | boolean>;

function version(random: Random): string {
  const core = `${int(random, 1, 4)}.${int(random, 0, 15)}.${int(random, 0, 20)}`;
  return random() < 0.05 ? `${core}-beta.${int(random, 1, 5)}` : core;
}

export function generateUsers(count: number, seed = REALISTIC_SEED): User[] {
  const random = seededRandom(seed ^ 0x1234);
  const presence = new Map(ATTRIBUTES.map((a) => [a, 0.6 + random() * 0.38]));
  const present = (attribute: string) => random() < (presence.get(attribute) as number);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const user: User = { userId: `user-${i}` };
    if (present('email')) user.email = `person${int(random, 0, 99999)}@${pick(random, DOMAINS)}`;
    if (present('country')) user.country = pick(random, COUNTRIES);
    if (present('plan')) user.plan = pick(random, PLANS);
    if (present('appVersion')) user.appVersion = version(random);
    if (present('tenant')) user.tenant = `t-${int(random, 0, TENANTS - 1)}`;
    if (present('accountAgeDays')) user.accountAgeDays = int(random, 0, 2000);
    if (present('seats')) user.seats = int(random, 1, 500);
    if (present('platform')) user.platform = pick(random, PLATFORMS);
    if (present('beta')) user.beta = random() < 0.2;
    users.push(user);
  }
  return users;
}

const tenants = (random: Random, count: number) =>
  Array.from({ length: count }, () => `t-${int(random, 0, TENANTS - 1)}`);

/** One clause of a kind drawn at random; `inSegment` only where segments may be referred to. */
function clause(random: Random, segmentKeys: readonly string[] | null): Clause {
  const kinds = segmentKeys === null ? 8 : 9;
  switch (Math.floor(random() * kinds)) {
    case 0:
      return {
        attribute: 'email',
        op: 'endsWith',
        values: sample(random, DOMAINS, int(random, 1, 4)).map((d) => `@${d}`),
      };
    case 1:
      return random() < 0.5
        ? {
            attribute: 'tenant',
            op: 'startsWith',
            values: Array.from({ length: int(random, 1, 3) }, () => `t-${int(random, 1, 9)}`),
          }
        : { attribute: 'email', op: 'startsWith', values: [`person${int(random, 1, 9)}`] };
    case 2:
      return { attribute: 'country', op: 'in', values: sample(random, COUNTRIES, int(random, 20, 35)) };
    case 3:
      return { attribute: 'tenant', op: 'in', values: tenants(random, int(random, 20, 60)) };
    case 4:
      return random() < 0.5
        ? { attribute: 'plan', op: 'in', values: sample(random, PLANS, int(random, 1, 3)) }
        : random() < 0.7
          ? { attribute: 'platform', op: 'in', values: sample(random, PLATFORMS, int(random, 1, 3)) }
          : { attribute: 'beta', op: 'in', values: [true] };
    case 5:
      return { attribute: 'appVersion', op: 'semverGte', values: [version(random)] };
    case 6:
      return {
        attribute: random() < 0.5 ? 'accountAgeDays' : 'seats',
        op: pick(random, ['lt', 'lte', 'gt', 'gte'] as const),
        values: [int(random, 1, 500)],
      };
    case 7:
      return { attribute: 'country', op: 'in', values: sample(random, COUNTRIES, int(random, 1, 4)) };
    default:
      return { op: 'inSegment', values: sample(random, segmentKeys ?? [], int(random, 1, 2)) };
  }
}

export function generateSegments(seed = REALISTIC_SEED): Segment[] {
  const random = seededRandom(seed ^ 0x5e6);
  return Array.from({ length: SEGMENT_COUNT }, (_, s) => ({
    key: `segment-${s}`,
    included: Array.from({ length: int(random, 20, 200) }, () => `user-${int(random, 0, USER_COUNT - 1)}`),
    excluded: Array.from({ length: int(random, 0, 20) }, () => `user-${int(random, 0, USER_COUNT - 1)}`),
    rules: Array.from({ length: int(random, 1, 2) }, () => ({
      clauses: Array.from({ length: int(random, 1, 2) }, () => clause(random, null)),
    })),
    version: 1,
  }));
}

/** A string flag: rule r serves `rule-r`, the fallthrough a 5–50% rollout of `on` against `off`. */
export function generateFlags(segmentKeys: readonly string[], seed = REALISTIC_SEED): Flag[] {
  const random = seededRandom(seed ^ 0xf1a6);
  const flags: Flag[] = [];
  for (let f = 0; f < FLAG_COUNT; f++) {
    const key = `flag-${f}`;
    const ruleCount = int(random, 3, 5);
    const variants: Record<string, string> = { on: 'on', off: 'off' };
    for (let r = 0; r < ruleCount; r++) variants[`rule-${r}`] = `rule-${r}`;
    const onWeight = int(random, 5, 50) * 1000;
    flags.push({
      key,
      type: 'string',
      variants,
      enabled: true,
      offVariant: 'off',
      rules: Array.from({ length: ruleCount }, (_, r) => ({
        id: `r${r}`,
        clauses: Array.from({ length: int(random, 1, 3) }, () => clause(random, segmentKeys)),
        serve: { variant: `rule-${r}` },
      })),
      fallthrough: {
        rollout: {
          bucketBy: 'userId',
          variants: [
            { variant: 'on', weight: onWeight },
            { variant: 'off', weight: 100_000 - onWeight },
          ],
        },
      },
      version: 1,
    } as Flag);
  }
  return flags;
}

/**
 * The calls of one pass: call i evaluates flag `flags[i]` for user `users[i]`. The flag is drawn at
 * random for every call; users come in order (`user-0`, `user-1`, ...) or in a random permutation.
 */
export function callOrder(
  calls: number,
  userCount: number,
  flagCount: number,
  shuffled: boolean,
  seed = REALISTIC_SEED,
) {
  const random = seededRandom(seed ^ (shuffled ? 0xabc : 0xdef));
  const flags = new Int32Array(calls);
  const users = new Int32Array(calls);
  const permutation = Int32Array.from({ length: userCount }, (_, i) => i);
  if (shuffled)
    for (let i = userCount - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [permutation[i], permutation[j]] = [permutation[j] as number, permutation[i] as number];
    }
  for (let i = 0; i < calls; i++) {
    flags[i] = Math.floor(random() * flagCount);
    users[i] = permutation[i % userCount] as number;
  }
  return { flags, users };
}
