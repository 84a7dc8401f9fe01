import type { Flag, Segment } from '@switchyard/shared';

const TEAMS = ['checkout', 'search', 'billing', 'onboarding', 'growth', 'platform', 'mobile', 'ads'];
const COUNTRIES = ['DE', 'FR', 'NL', 'SE', 'ES', 'IT', 'PL', 'JP', 'BR', 'AU', 'US', 'CA', 'GB'];
const SEGMENTS = 50;

const countriesFor = (i: number) => [0, 1, 2].map((k) => COUNTRIES[(i + k * 5) % COUNTRIES.length] as string);
const userIdsFor = (i: number, count: number) =>
  Array.from({ length: count }, (_, k) => `user-${i * 31 + k}`);

function rollout(onWeight: number) {
  return {
    rollout: {
      variants: [
        { variant: 'on', weight: onWeight },
        { variant: 'off', weight: 100_000 - onWeight },
      ],
    },
  };
}

/**
 * Flag `i` of an environment of many flags, as teams write them: half are boolean percentage
 * rollouts, a fifth have one to four targeting rules (country, plan, e-mail domain, app version),
 * 15% target listed users, and 15% are string, number or JSON flags with three variants, a country
 * rule and a rollout (the string ones also a segment rule). One in ten is switched off. Each has a
 * description and tags, as flags created through the console do.
 */
export function realisticFlag(i: number): Flag {
  const team = TEAMS[i % TEAMS.length] as string;
  const key = `${team}-feature-${String(i).padStart(5, '0')}`;
  const base = {
    key,
    description: `${team}: experiment ${i}, owned by the ${team} team; remove after the rollout completes`,
    tags: [team, i % 3 === 0 ? 'experiment' : 'release'],
    enabled: i % 10 !== 9,
    version: 1 + (i % 7),
  };
  const boolean = {
    ...base,
    type: 'boolean' as const,
    variants: { on: true, off: false },
    offVariant: 'off',
  };
  const kind = i % 20;
  if (kind < 10) return { ...boolean, fallthrough: rollout(((i * 7919) % 100) * 1000) };
  if (kind < 14) {
    const rules = [
      {
        id: 'markets',
        clauses: [{ attribute: 'country', op: 'in', values: countriesFor(i) }],
        serve: { variant: 'on' },
      },
      {
        id: 'paid',
        clauses: [{ attribute: 'plan', op: 'in', values: ['pro', 'enterprise'] }],
        serve: rollout(50_000),
      },
      {
        id: 'staff',
        clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'] }],
        serve: { variant: 'on' },
      },
      {
        id: 'new-app',
        clauses: [{ attribute: 'appVersion', op: 'semverGte', values: ['4.2.0'] }],
        serve: { variant: 'on' },
      },
    ].slice(0, 1 + (i % 4));
    return { ...boolean, rules, fallthrough: rollout(10_000) } as Flag;
  }
  if (kind < 17) {
    return {
      ...boolean,
      targets: [
        { variant: 'on', values: userIdsFor(i, 10) },
        { variant: 'off', values: userIdsFor(i + 1, 3) },
      ],
      fallthrough: { variant: 'off' },
    };
  }
  const segmentRule = {
    id: 'beta',
    clauses: [{ op: 'inSegment', values: [`segment-${i % SEGMENTS}`] }],
    serve: { variant: 'b' },
  };
  const countryRule = {
    id: 'markets',
    clauses: [{ attribute: 'country', op: 'in', values: countriesFor(i) }],
    serve: { variant: 'b' },
  };
  const multivariate = {
    ...base,
    offVariant: 'a',
    rules: kind === 17 ? [segmentRule, countryRule] : [countryRule],
    fallthrough: {
      rollout: {
        variants: [
          { variant: 'a', weight: 50_000 },
          { variant: 'b', weight: 30_000 },
          { variant: 'c', weight: 20_000 },
        ],
      },
    },
  };
  if (kind === 18) return { ...multivariate, type: 'number', variants: { a: 10, b: 25, c: 100 } } as Flag;
  if (kind === 19) {
    return {
      ...multivariate,
      type: 'json',
      variants: {
        a: { layout: 'list', pageSize: 20 },
        b: { layout: 'grid', pageSize: 40 },
        c: { layout: 'grid', pageSize: 60, dense: true },
      },
    } as Flag;
  }
  return {
    ...multivariate,
    type: 'string',
    variants: { a: 'control', b: 'treatment', c: 'holdout' },
  } as Flag;
}

export function realisticSegment(i: number): Segment {
  return {
    key: `segment-${i}`,
    description: `beta testers, cohort ${i}`,
    included: userIdsFor(i, 20),
    excluded: [],
    rules: [{ id: 'staff', clauses: [{ attribute: 'email', op: 'endsWith', values: ['@example.com'] }] }],
    version: 1,
  };
}

/** A ruleset of `count` flags and the segments they use, as the JSON text the server sends. */
export function realisticRulesetText(count: number): string {
  const flags: Record<string, Flag> = {};
  for (let i = 0; i < count; i++) {
    const flag = realisticFlag(i);
    flags[flag.key] = flag;
  }
  const segments: Record<string, Segment> = {};
  for (let i = 0; i < SEGMENTS; i++) segments[`segment-${i}`] = realisticSegment(i);
  return JSON.stringify({ revision: count, flags, segments });
}
