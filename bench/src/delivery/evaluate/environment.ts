// The environment of the evaluate benchmark: 20 flags as a product team would have them after a
// while (rollouts at several stages, targeting rules, a beta segment, an experiment, a kill-switched
// flag, a prerequisite), and the contexts that browsers send for them.

const on = (percentage: number) => [
  { variant: 'on', weight: Math.round(percentage * 1000) },
  { variant: 'off', weight: 100_000 - Math.round(percentage * 1000) },
];

const boolean = { type: 'boolean', variants: { on: true, off: false }, enabled: true, offVariant: 'off' };

const rollout = (key: string, percentage: number, extra: Record<string, unknown> = {}) => ({
  key,
  ...boolean,
  fallthrough: { rollout: { variants: on(percentage) } },
  ...extra,
});

const rule = (id: string, attribute: string, op: string, values: unknown[], variant = 'on') => ({
  id,
  clauses: [{ attribute, op, values }],
  serve: { variant },
});

export const SEGMENT = {
  key: 'beta-testers',
  included: ['user-7', 'user-42', 'user-99'],
  excluded: ['user-13'],
  rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }] }],
};

export const FLAGS = [
  rollout('new-checkout', 5, { description: 'New checkout flow', tags: ['checkout'] }),
  rollout('checkout-api-v2', 100, { tags: ['checkout'] }),
  rollout('express-shipping', 25, {
    prerequisites: [{ flag: 'checkout-api-v2', variant: 'on' }],
    tags: ['checkout'],
  }),
  rollout('search-v3', 50, { tags: ['search'] }),
  rollout('dark-mode', 100),
  rollout('recommendations-carousel', 10, {
    targets: [{ variant: 'on', values: ['user-1', 'user-2', 'user-3'] }],
  }),
  rollout('beta-dashboard', 0, {
    rules: [
      { id: 'beta', clauses: [{ op: 'inSegment', values: ['beta-testers'] }], serve: { variant: 'on' } },
    ],
  }),
  rollout('beta-reports', 5, {
    rules: [
      { id: 'beta', clauses: [{ op: 'inSegment', values: ['beta-testers'] }], serve: { variant: 'on' } },
    ],
  }),
  rollout('eu-cookie-banner', 0, {
    rules: [rule('eu', 'country', 'in', ['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'AT', 'PL', 'SE', 'IE'])],
  }),
  rollout('pro-analytics', 0, { rules: [rule('paid', 'plan', 'in', ['pro', 'enterprise'])] }),
  rollout('mobile-new-nav', 20, {
    rules: [rule('old-app', 'appVersion', 'semverLt', ['2.0.0'], 'off')],
  }),
  rollout('staff-debug-panel', 0, { rules: [rule('staff', 'email', 'endsWith', ['@acme.com'])] }),
  rollout('large-accounts', 0, { rules: [rule('seats', 'seats', 'gte', [100])] }),
  rollout('legacy-export', 100, { enabled: false, description: 'Kill-switched after incident 2291' }),
  rollout('holiday-theme', 0, { rules: [rule('season', 'now', 'after', ['2026-12-01T00:00:00Z'])] }),
  {
    key: 'pricing-page-experiment',
    type: 'string',
    variants: { control: 'control', annual: 'annual-first', monthly: 'monthly-first' },
    enabled: true,
    offVariant: 'control',
    fallthrough: {
      rollout: {
        variants: [
          { variant: 'control', weight: 33_334 },
          { variant: 'annual', weight: 33_333 },
          { variant: 'monthly', weight: 33_333 },
        ],
      },
    },
  },
  {
    key: 'onboarding-copy',
    type: 'string',
    variants: { short: 'Get started', long: 'Set up your workspace in two minutes' },
    enabled: true,
    offVariant: 'short',
    rules: [rule('new-users', 'signupDays', 'lt', [7], 'long')],
    fallthrough: { variant: 'short' },
  },
  {
    key: 'search-page-size',
    type: 'number',
    variants: { small: 10, default: 20, large: 50 },
    enabled: true,
    offVariant: 'default',
    rules: [rule('enterprise', 'plan', 'in', ['enterprise'], 'large')],
    fallthrough: { variant: 'default' },
  },
  {
    key: 'upload-limits',
    type: 'json',
    variants: {
      free: { maxFileMb: 10, maxFiles: 100 },
      paid: { maxFileMb: 250, maxFiles: 10_000 },
    },
    enabled: true,
    offVariant: 'free',
    rules: [rule('paid', 'plan', 'in', ['pro', 'enterprise'], 'paid')],
    fallthrough: { variant: 'free' },
  },
  {
    key: 'banner-message',
    type: 'string',
    variants: { none: '', maintenance: 'Scheduled maintenance on Sunday 02:00-03:00 UTC' },
    enabled: true,
    offVariant: 'none',
    fallthrough: { variant: 'none' },
  },
];

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'CA'];
const PLANS = ['free', 'free', 'free', 'pro', 'enterprise'];

/** The context a browser of user `i` sends: a mix of plans, countries, app versions and staff. */
export function contextOf(i: number) {
  return {
    userId: `user-${i}`,
    email: i % 50 === 0 ? `person${i}@acme.com` : `person${i}@example.com`,
    country: COUNTRIES[i % COUNTRIES.length] as string,
    plan: PLANS[i % PLANS.length] as string,
    appVersion: `${1 + (i % 3)}.${i % 10}.0`,
    seats: (i * 7) % 250,
    signupDays: i % 30,
    now: Date.UTC(2026, 10, 26),
  };
}
