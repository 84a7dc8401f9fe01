import { FlagdCore } from '@openfeature/flagd-core';
import { evaluationVectors } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { createEvaluator, type Flag, fromFlagd, type Segment, toFlagd } from '../../src/index.js';
import { pick, random } from './generators.js';

// Export to flagd, then (1) flagd's own evaluator serves every user what Switchyard serves, and
// (2) importing the export gives flags that serve every user the same: over the shared evaluation
// vectors' flags and 20,000 generated users with every attribute those flags read.

const USERS = 20_000;
const flags = Object.values(evaluationVectors.flags);
const segments = Object.values(evaluationVectors.segments);
// Exported and compiled inside each test, not when the file loads: mutation testing (docs/quality.md)
// tells which tests reach which engine code only for code that runs inside a test.
const exportVectors = () => toFlagd(flags, segments);

function user(i: number, next: () => number): Record<string, unknown> {
  return {
    userId:
      next() < 0.05
        ? pick(next, ['user-1', 'user-2', 'user-3', 'user-7'])
        : `u-${i}-${Math.floor(next() * 1e6)}`,
    email: `${pick(next, ['ann', 'bob'])}${i}@${pick(next, ['acme.com', 'example.org'])}`,
    country: pick(next, ['DE', 'FR', 'US', 'IT', 'ES']),
    age: Math.floor(next() * 90),
    appVersion: pick(next, ['1.0.0', '2.0.0', '2.4.1', '3.0.0', '10.1.0']),
    plan: pick(next, ['free', 'pro', 'enterprise']),
    accountId: `acct-${Math.floor(next() * 100_000)}`,
    groups: pick(next, ['admins', 'staff', 'guests']),
    tier: pick(next, [1, 2, '1']),
  };
}

describe('switchyard → flagd export', () => {
  it('leaves out, by name, the flags that use what flagd cannot express', () => {
    const exported = exportVectors();
    expect(exported.omitted.map((o) => [o.flag, o.construct])).toEqual([
      ['recent-signups', 'after'],
      ['checkout-ui', 'prerequisites'],
      ['cycle-a', 'prerequisites'],
      ['cycle-b', 'prerequisites'],
      ['employee-ids', 'matches'],
    ]);
    expect(exported.warnings.map((w) => [w.flag, w.construct])).toEqual([['not-in-eu', 'negate']]);
  });

  it('flagd-core serves the exported document as Switchyard serves the flags, and the import round-trips', () => {
    const exported = exportVectors();
    const ours = createEvaluator({ flags: evaluationVectors.flags, segments: evaluationVectors.segments });
    const flagd = new FlagdCore();
    flagd.setConfigurations(JSON.stringify(exported.document));
    const imported = fromFlagd(exported.document as unknown as Record<string, unknown>);
    expect(imported.problems).toEqual([]);
    const back = createEvaluator({
      flags: Object.fromEntries(imported.flags.map((f) => [f.key, { ...f, version: 1 } as Flag])),
      segments: {} as Record<string, Segment>,
    });
    const keys = Object.keys(exported.document.flags);
    expect(keys.length).toBe(flags.length - exported.omitted.length);
    const next = random(2026);
    const served = new Set<string>();
    for (let i = 0; i < USERS; i++) {
      const context = user(i, next);
      const { userId, ...attributes } = context;
      const flagdContext = { targetingKey: String(userId), ...attributes } as Record<string, string | number>;
      for (const key of keys) {
        const flag = evaluationVectors.flags[key] as Flag;
        const expected = ours.evaluate(key, context, null);
        const fromFlagdCore =
          flag.type === 'boolean'
            ? flagd.resolveBooleanEvaluation(key, false, flagdContext)
            : flag.type === 'string'
              ? flagd.resolveStringEvaluation(key, '', flagdContext)
              : flag.type === 'number'
                ? flagd.resolveNumberEvaluation(key, 0, flagdContext)
                : flagd.resolveObjectEvaluation(key, {}, flagdContext);
        const roundTripped = back.evaluate(key, context, null);
        expect(roundTripped.value, `${key} after the round trip for ${JSON.stringify(context)}`).toEqual(
          expected.value,
        );
        // flagd serves the caller's default for a disabled flag; Switchyard its off variant.
        if (!flag.enabled) {
          expect(fromFlagdCore.reason).toBe('DISABLED');
          continue;
        }
        if (JSON.stringify(fromFlagdCore.value) !== JSON.stringify(expected.value))
          throw new Error(
            `${key} for ${JSON.stringify(context)}: ${JSON.stringify(fromFlagdCore.value)} in flagd, ${JSON.stringify(expected.value)} here`,
          );
        served.add(`${key}=${expected.variant}`);
      }
    }
    // Every exported, enabled flag that decides between variants served more than one.
    for (const key of keys) {
      const flag = evaluationVectors.flags[key] as Flag;
      if (!flag.enabled) continue;
      const decides =
        (flag.rules ?? []).length > 0 || (flag.targets ?? []).length > 0 || 'rollout' in flag.fallthrough;
      const reached = Object.keys(flag.variants).filter((name) => served.has(`${key}=${name}`));
      expect(reached.length, key).toBeGreaterThanOrEqual(decides ? 2 : 1);
    }
  }, 600_000);
});
