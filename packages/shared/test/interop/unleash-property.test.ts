import { unleashExport } from '@switchyard/test-support/unleash-export';
import UnleashClientModule from 'unleash-client/lib/client.js';
import { defaultStrategies } from 'unleash-client/lib/strategy/index.js';
import { describe, expect, it } from 'vitest';
import {
  createEvaluator,
  type Flag,
  fromUnleash,
  type Segment,
  type UnleashExport,
  unleashExportSchema,
} from '../../src/index.js';
import { pick, random } from './generators.js';

// A CommonJS module: Node's ESM interop hands over module.exports, vitest's its default export.
type ClientClass = typeof UnleashClientModule.default;
const UnleashClient: ClientClass =
  (UnleashClientModule as unknown as { default?: ClientClass }).default ??
  (UnleashClientModule as unknown as ClientClass);

// The claim an Unleash import makes: each rollout it translates moves the share of users it reports,
// and nothing else changes for a user whose context has every attribute. Checked against Unleash's
// own Node client (unleash-client: its strategies, constraints, segments, variants, dependencies),
// evaluating the export as an Unleash server would hand it out, over users the import never saw.

const USERS = 40_000;
const DACH = ['DE', 'AT', 'CH'];

/** The export as the features an Unleash server sends its clients (strategies joined to their flag). */
function clientFeatures(doc: UnleashExport) {
  return doc.features.map((f) => {
    const env = doc.featureEnvironments?.find((e) => e.featureName === f.name);
    return {
      name: f.name,
      enabled: env?.enabled ?? false,
      strategies: doc.featureStrategies
        .filter((s) => s.featureName === f.name)
        .map((s) => ({ ...s, variants: s.variants ?? [] })),
      variants: env?.variants ?? [],
      dependencies: doc.dependencies?.find((d) => d.feature === f.name)?.dependencies ?? [],
    };
  });
}

function user(i: number, next: () => number) {
  const attributes = {
    country: pick(next, [...DACH, 'US', 'FR']),
    plan: pick(next, ['free', 'pro', 'enterprise']),
    email: `${pick(next, ['ann', 'bob', 'cy'])}${i}@${pick(next, ['ACME.com', 'acme.com', 'beta.example.org', 'example.net'])}`,
    appVersion: pick(next, ['1.9.0', '2.0.0', '2.4.1', '3.2.0', '3.3.0']),
    cartValue: Math.floor(next() * 100),
    accountAgeDays: Math.floor(next() * 20),
    userAgent: pick(next, [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)',
      'mozilla/5.0 (iphone)',
      'Mozilla/5.0 (X11; Linux)',
    ]),
    accountId: `acct-${Math.floor(next() * 1_000_000)}`,
    currentTime: pick(next, [
      '2026-11-30T12:00:00.000Z',
      '2026-12-24T12:00:00.000Z',
      '2027-02-01T12:00:00.000Z',
    ]),
  };
  // Unleash's context holds strings; Switchyard's keeps numbers as numbers.
  const properties = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
  const userId = `${pick(next, ['cust', 'usr', 'id'])}-${Math.floor(next() * 1e9).toString(36)}-${i}`;
  return {
    userId,
    context: { userId, ...attributes },
    unleash: { userId, currentTime: new Date(attributes.currentTime), properties },
  };
}

/**
 * The export translated and compiled, and Unleash's client over the same export. Built inside the test,
 * not when the file loads: mutation testing (docs/quality.md) tells which tests reach which engine code
 * only for code that runs inside a test.
 */
function bothSides() {
  const doc = unleashExportSchema.parse(unleashExport());
  const translation = fromUnleash(doc);
  const flags = Object.fromEntries(translation.flags.map((f) => [f.key, { ...f, version: 1 } as Flag]));
  const segments = Object.fromEntries(
    translation.segments.map((s) => [
      s.key,
      { included: [], excluded: [], rules: [], ...s, version: 1 } as Segment,
    ]),
  );
  const ours = createEvaluator({ flags, segments });
  const features = clientFeatures(doc);
  const unleash = new UnleashClient(
    {
      getToggle: (name: string) => features.find((f) => f.name === name),
      getSegment: (id: number) => doc.segments.find((s) => s.id === id),
    } as never,
    defaultStrategies,
  );
  /** What Unleash serves, in the translated flag's variant names. */
  const unleashVariant = (key: string, context: object): string => {
    if (flags[key]?.type === 'boolean')
      return unleash.isEnabled(key, context as never, () => false) ? 'on' : 'off';
    return unleash.getVariant(key, context as never).name;
  };
  return { translation, flags, ours, unleashVariant };
}

describe('Unleash import against unleash-client', () => {
  it('serves every user what Unleash serves, except the share of each rollout the import reports', () => {
    const { translation, flags, ours, unleashVariant } = bothSides();
    const next = random(1604);
    // Users that reach each rollout, and those of them served another variant.
    const reached = new Map<string, number>();
    const moved = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const rolloutOf: Record<string, (context: Record<string, unknown>) => boolean> = {
      'new-checkout': (c) => DACH.includes(String(c.country)),
      'dark-mode': () => true,
      'checkout-button': () => true,
      'pricing-page': () => true,
    };
    const served = new Set<string>();
    for (let i = 0; i < USERS; i++) {
      const { context, unleash: unleashContext } = user(i, next);
      for (const key of Object.keys(flags)) {
        const expected = unleashVariant(key, unleashContext);
        const actual = ours.evaluate(key, context, null).variant;
        served.add(`${key}=${actual}`);
        const inRollout = rolloutOf[key]?.(context);
        if (inRollout === undefined) {
          if (actual !== expected)
            throw new Error(`${JSON.stringify(context)}: ${key} is ${actual} here, ${expected} in Unleash`);
          continue;
        }
        if (!inRollout) {
          expect(actual).toBe(expected);
          continue;
        }
        count(reached, key);
        if (actual !== expected) count(moved, key);
      }
    }
    expect(translation.reassigned?.map((r) => r.flag).sort()).toEqual(Object.keys(rolloutOf).sort());
    for (const r of translation.reassigned ?? []) {
      const share = (moved.get(r.flag) ?? 0) / (reached.get(r.flag) ?? 1);
      // Two samples of a proportion (10,000 ids reported, over 20,000 users here): 2.5 points is over 4 sigma.
      expect(Math.abs(share - r.share), `${r.flag}: measured ${share}, reported ${r.share}`).toBeLessThan(
        0.025,
      );
    }
    // The contexts reach every variant of every translated flag (no branch went untested).
    for (const flag of Object.values(flags)) {
      if (!flag.enabled) continue;
      for (const name of Object.keys(flag.variants))
        if (name !== 'disabled' || flag.key === 'pricing-page')
          expect(served.has(`${flag.key}=${name}`), `${flag.key}=${name}`).toBe(true);
    }
  }, 600_000);
});
