import { unleashExport } from '@switchyard/test-support/unleash-export';
import { describe, expect, it } from 'vitest';
import { createEvaluator, type Flag, fromUnleash, unleashExportSchema } from '../../src/index.js';

const translate = (doc: Record<string, unknown>) => fromUnleash(unleashExportSchema.parse(doc));

const flagOf = (doc: Record<string, unknown>, key: string) => {
  const flag = translate(doc).flags.find((f) => f.key === key);
  if (flag === undefined) throw new Error(`${key} not translated`);
  return { ...flag, version: 1 } as Flag;
};

/** One feature in the production environment with these strategies (and variants). */
const single = (strategies: object[], variants: object[] = []) => ({
  features: [{ name: 'f' }],
  featureStrategies: strategies.map((s, i) => ({ featureName: 'f', sortOrder: i, ...s })),
  featureEnvironments: [{ featureName: 'f', environment: 'production', enabled: true, variants }],
});

describe('fromUnleash', () => {
  it('names each flag it cannot translate with the construct that stops it', () => {
    expect(translate(unleashExport()).problems.map((p) => [p.flag, p.construct])).toEqual([
      ['office-only', 'remoteAddress'],
      ['agent-filter', 'REGEX'],
      ['staged-rollout', 'strategies'],
      ['random-sampling', 'flexibleRollout stickiness'],
      ['internal-tools', 'segment "Employees"'],
    ]);
  });

  it('translates enabled state, tags, segments, dependencies and typed variant payloads', () => {
    const result = translate(unleashExport());
    const byKey = Object.fromEntries(result.flags.map((f) => [f.key, f]));
    expect(byKey['legacy-search']?.enabled).toBe(false);
    expect(byKey['new-checkout']?.tags).toEqual(['checkout']);
    expect(byKey['search-v2']?.prerequisites).toEqual([{ flag: 'beta-banner', variant: 'on' }]);
    expect(byKey['checkout-button']).toMatchObject({
      type: 'string',
      variants: { blue: '#1f6feb', green: '#2da44e', disabled: 'disabled' },
      offVariant: 'disabled',
    });
    expect(byKey['pricing-page']?.variants.treatment).toEqual({ layout: 'cards', annual: true });
    expect(byKey['dark-mode']).toMatchObject({
      salt: 'ui-experiments:',
      fallthrough: { rollout: { bucketBy: 'accountId' } },
    });
    expect(result.segments.map((s) => s.key)).toEqual(['Beta-testers']);
  });

  it('orders strategies that serve everyone they match before the one rollout', () => {
    const flag = flagOf(
      single([
        { name: 'flexibleRollout', parameters: { rollout: '25', groupId: 'g' } },
        { name: 'userWithId', parameters: { userIds: 'vip-1,vip-2' } },
      ]),
      'f',
    );
    const evaluator = createEvaluator({ flags: { f: flag }, segments: {} });
    expect(flag.rules?.[0]?.clauses).toEqual([{ attribute: 'userId', op: 'in', values: ['vip-1', 'vip-2'] }]);
    expect(evaluator.evaluate('f', 'vip-2').value).toBe(true);
    expect(flag.fallthrough).toEqual({
      rollout: {
        variants: [
          { variant: 'on', weight: 25000 },
          { variant: 'off', weight: 75000 },
        ],
      },
    });
  });

  it('refuses to move a rollout with its own variants behind a strategy that splits users otherwise', () => {
    const result = translate(
      single(
        [
          {
            name: 'flexibleRollout',
            parameters: { rollout: '30', groupId: '' },
            variants: [{ name: 'beta', weight: 1000 }],
          },
          { name: 'default' },
        ],
        [{ name: 'stable', weight: 1000 }],
      ),
    );
    expect(result.problems.map((p) => p.construct)).toEqual(['strategies']);
  });

  it('compares case-insensitively as Unleash does, and inverts as `negate`', () => {
    const flag = flagOf(
      single([
        {
          name: 'default',
          constraints: [
            { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@Acme.com'], caseInsensitive: true },
            { contextName: 'tier', operator: 'IN', values: ['gold'], inverted: true },
          ],
        },
      ]),
      'f',
    );
    const evaluate = (context: Record<string, unknown>) =>
      createEvaluator({ flags: { f: flag }, segments: {} }).evaluate('f', context).value;
    expect(evaluate({ userId: 'a', email: 'ann@ACME.COM', tier: 'silver' })).toBe(true);
    expect(evaluate({ userId: 'a', email: 'ann@acme.com.evil', tier: 'silver' })).toBe(false);
    expect(evaluate({ userId: 'a', email: 'ann@acme.com', tier: 'gold' })).toBe(false);
  });

  it('warns that numbers listed in IN match only strings, as Unleash context values are', () => {
    const result = translate(
      single([
        { name: 'default', constraints: [{ contextName: 'tenant', operator: 'IN', values: ['42', 'acme'] }] },
      ]),
    );
    expect(result.warnings.map((w) => w.construct)).toEqual(['IN']);
    const flag = { ...result.flags[0], version: 1 } as Flag;
    const evaluator = createEvaluator({ flags: { f: flag }, segments: {} });
    expect(evaluator.evaluate('f', { userId: 'a', tenant: '42' }).value).toBe(true);
    expect(evaluator.evaluate('f', { userId: 'a', tenant: 42 }).value).toBe(false);
  });

  it('drops 0% rollouts and serves a lone variant without a split', () => {
    const result = translate(
      single(
        [
          { name: 'flexibleRollout', parameters: { rollout: '0' } },
          { name: 'default', constraints: [{ contextName: 'plan', operator: 'IN', values: ['pro'] }] },
        ],
        [{ name: 'only', weight: 1000 }],
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.flags[0]?.rules).toEqual([
      {
        id: 'default-1',
        clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
        serve: { variant: 'only' },
      },
    ]);
    expect(result.reassigned).toEqual([]);
  });

  it('refuses variant overrides, custom strategies and unknown operators as problems', () => {
    const problems = (doc: Record<string, unknown>) => translate(doc).problems.map((p) => p.construct);
    expect(
      problems(
        single(
          [{ name: 'default' }],
          [{ name: 'a', weight: 1000, overrides: [{ contextName: 'userId', values: ['u'] }] }],
        ),
      ),
    ).toEqual(['variants.overrides']);
    expect(problems(single([{ name: 'myCustomStrategy' }]))).toEqual(['myCustomStrategy']);
    expect(
      problems(
        single([
          {
            name: 'default',
            constraints: [{ contextName: 'ip', operator: 'IN_CIDR', values: ['10.0.0.0/8'] }],
          },
        ]),
      ),
    ).toEqual(['IN_CIDR']);
  });

  it('refuses an export of several environments with the path', () => {
    const doc = single([{ name: 'default', environment: 'development' }]);
    const parsed = unleashExportSchema.safeParse(doc);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['featureEnvironments']);
  });
});
