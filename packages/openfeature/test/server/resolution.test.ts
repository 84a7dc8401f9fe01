import {
  type Client,
  ErrorCode,
  type EvaluationContext,
  type EvaluationDetails,
  type JsonValue,
  OpenFeature,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutUi, cycle, pricing, theme, uploadLimit } from '../support/flags.js';
import { readyClient } from '../support/open-feature-server.js';

// OpenFeature's server SDK over the Switchyard provider over a real server: the answers an application
// gets from `client.get...Details` for each Switchyard reason and error.

let server: SwitchyardServer;

beforeAll(async () => {
  server = await startSwitchyard();
  await server.putFlag(
    booleanFlag('new-checkout', 50, {
      targets: [{ variant: 'on', values: ['vip-1'] }],
      rules: [
        {
          id: 'staff',
          clauses: [{ attribute: 'email', op: 'endsWith', values: ['@acme.com'] }],
          serve: { variant: 'on' },
        },
        {
          id: 'beta',
          clauses: [{ attribute: 'groups', op: 'in', values: ['beta'] }],
          serve: {
            rollout: {
              variants: [
                { variant: 'on', weight: 100_000 },
                { variant: 'off', weight: 0 },
              ],
            },
          },
        },
      ],
    }),
  );
  await server.putFlag({ ...booleanFlag('kill-switched', 100), enabled: false });
  await server.putFlag({ ...booleanFlag('checkout-api', 100), enabled: false });
  await server.putFlag(
    booleanFlag('recent-signups', 0, {
      rules: [
        {
          id: 'new',
          clauses: [{ attribute: 'signedUpAt', op: 'after', values: ['2026-01-01T00:00:00Z'] }],
          serve: { variant: 'on' },
        },
      ],
      fallthrough: { variant: 'off' },
    }),
  );
  for (const flag of [pricing, uploadLimit, theme, checkoutUi, ...cycle]) await server.putFlag(flag);
});
afterAll(() => server.close());
afterEach(() => OpenFeature.clearProviders());

describe('resolving each type through OpenFeature', () => {
  it('answers boolean, string, number and object flags with value, variant and reason', async () => {
    const { client } = await readyClient(server);

    expect(await client.getBooleanValue('new-checkout', false, { targetingKey: 'vip-1' })).toBe(true);
    expect(await client.getStringDetails('pricing', '$0', { targetingKey: 'u-1', country: 'DE' })).toEqual({
      flagKey: 'pricing',
      value: '$8',
      variant: 'low',
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { switchyardReason: 'RULE_MATCH', ruleId: 'eu', ruleIndex: 0 },
    });
    expect(
      await client.getNumberDetails('upload-limit-mb', 10, { targetingKey: 'u-1', org: { plan: 'pro' } }),
    ).toMatchObject({ value: 250, variant: 'large', reason: StandardResolutionReasons.TARGETING_MATCH });
    expect(await client.getObjectDetails('theme', { color: 'grey' }, { targetingKey: 'u-1' })).toEqual({
      flagKey: 'theme',
      value: { color: 'red', radius: 8 },
      variant: 'bold',
      reason: StandardResolutionReasons.DEFAULT,
      flagMetadata: { switchyardReason: 'FALLTHROUGH' },
    });
  });
});

describe('reasons', () => {
  const vip = { targetingKey: 'vip-1' };
  it.each([
    ['OFF → DISABLED', 'kill-switched', vip, false, 'off', 'DISABLED', { switchyardReason: 'OFF' }],
    [
      'TARGET_MATCH → TARGETING_MATCH',
      'new-checkout',
      vip,
      true,
      'on',
      'TARGETING_MATCH',
      { switchyardReason: 'TARGET_MATCH' },
    ],
    [
      'RULE_MATCH → TARGETING_MATCH',
      'new-checkout',
      { targetingKey: 'u-1', email: 'ann@acme.com' },
      true,
      'on',
      'TARGETING_MATCH',
      { switchyardReason: 'RULE_MATCH', ruleId: 'staff', ruleIndex: 0 },
    ],
    [
      'a rule serving a rollout → SPLIT',
      'new-checkout',
      { targetingKey: 'u-1', groups: ['beta'] },
      true,
      'on',
      'SPLIT',
      { switchyardReason: 'RULE_MATCH', ruleId: 'beta', ruleIndex: 1, inRollout: true },
    ],
    [
      'a fallthrough rollout → SPLIT',
      'new-checkout',
      { targetingKey: 'u-1' },
      undefined,
      undefined,
      'SPLIT',
      { switchyardReason: 'FALLTHROUGH', inRollout: true },
    ],
    [
      'PREREQUISITE_FAILED → DISABLED',
      'checkout-ui',
      vip,
      false,
      'off',
      'DISABLED',
      { switchyardReason: 'PREREQUISITE_FAILED', prerequisiteKey: 'checkout-api' },
    ],
    [
      'FALLTHROUGH to a variant → DEFAULT',
      'recent-signups',
      vip,
      false,
      'off',
      'DEFAULT',
      { switchyardReason: 'FALLTHROUGH' },
    ],
  ] as const)('%s', async (_, flag, context, value, variant, reason, metadata) => {
    const { client } = await readyClient(server);
    const details = await client.getBooleanDetails(flag, !value, context as EvaluationContext);
    expect(details.reason).toBe(reason);
    expect(details.errorCode).toBeUndefined();
    expect(details.flagMetadata).toEqual(metadata);
    if (value !== undefined) expect(details).toMatchObject({ value, variant });
    else expect(details.variant).toBe(details.value ? 'on' : 'off');
  });
});

describe('errors', () => {
  const u1 = { targetingKey: 'u-1' };
  const vip = { targetingKey: 'vip-1' };
  it.each<[string, (client: Client) => Promise<EvaluationDetails<JsonValue>>, JsonValue, ErrorCode]>([
    [
      'an unknown flag',
      (c) => c.getStringDetails('no-such-flag', 'fallback', u1),
      'fallback',
      ErrorCode.FLAG_NOT_FOUND,
    ],
    [
      'a string read of a boolean flag',
      (c) => c.getStringDetails('new-checkout', 'x', vip),
      'x',
      ErrorCode.TYPE_MISMATCH,
    ],
    [
      'a number read of a boolean flag',
      (c) => c.getNumberDetails('new-checkout', 7, vip),
      7,
      ErrorCode.TYPE_MISMATCH,
    ],
    [
      'an object read of a string flag',
      (c) => c.getObjectDetails('pricing', { p: 1 }, u1),
      { p: 1 },
      ErrorCode.TYPE_MISMATCH,
    ],
    [
      'a boolean read of a JSON flag',
      (c) => c.getBooleanDetails('theme', true, u1),
      true,
      ErrorCode.TYPE_MISMATCH,
    ],
    [
      'an object read of a JSON flag serving a string',
      (c) => c.getObjectDetails('theme', { color: 'grey' }, { ...u1, plain: true }),
      { color: 'grey' },
      ErrorCode.TYPE_MISMATCH,
    ],
    [
      'a rollout with no targetingKey',
      (c) => c.getBooleanDetails('new-checkout', true, {}),
      true,
      ErrorCode.TARGETING_KEY_MISSING,
    ],
    ['a prerequisite cycle', (c) => c.getBooleanDetails('cycle-a', true, u1), true, ErrorCode.PARSE_ERROR],
  ])('%s, with the default', async (_, read, defaultValue, errorCode) => {
    const { client } = await readyClient(server);
    const details = await read(client);
    expect(details).toMatchObject({ value: defaultValue, reason: 'ERROR', errorCode });
    expect(details.variant).toBeUndefined();
    expect(details.errorMessage).toContain(details.flagKey);
  });
});

describe('the evaluation context', () => {
  it('turns targetingKey into the userId that targets and rollouts read', async () => {
    const { client } = await readyClient(server);
    expect(await client.getBooleanValue('new-checkout', false, { targetingKey: 'vip-1' })).toBe(true);
    // A `userId` attribute stands in when there is no targetingKey, and loses to one.
    expect(await client.getBooleanValue('new-checkout', false, { userId: 'vip-1' })).toBe(true);
    expect(
      (await client.getBooleanDetails('new-checkout', false, { targetingKey: 'u-1', userId: 'vip-1' }))
        .reason,
    ).toBe('SPLIT');
  });

  it('reads dates as ISO-8601, nested objects as dotted attributes and lists as lists', async () => {
    const { client } = await readyClient(server);
    const signedUp = (date: Date) =>
      client.getBooleanValue('recent-signups', false, { targetingKey: 'u', signedUpAt: date });
    expect(await signedUp(new Date('2026-03-04T10:00:00Z'))).toBe(true);
    expect(await signedUp(new Date('2025-12-31T23:59:59Z'))).toBe(false);
    expect(
      await client.getNumberValue('upload-limit-mb', 0, { targetingKey: 'u', org: { plan: 'pro' } }),
    ).toBe(250);
    expect(await client.getNumberValue('upload-limit-mb', 0, { targetingKey: 'u', 'org.plan': 'pro' })).toBe(
      250,
    );
    expect(
      (
        await client.getBooleanDetails('new-checkout', false, {
          targetingKey: 'u',
          groups: ['alpha', 'beta'],
        })
      ).flagMetadata,
    ).toMatchObject({ ruleId: 'beta' });
  });

  it('drops values Switchyard has no type for, so rules on them do not match', async () => {
    const { client } = await readyClient(server);
    const country = (value: unknown) =>
      client.getStringDetails('pricing', '$0', { targetingKey: 'u-1', country: value as never });
    expect((await country('DE')).value).toBe('$8');
    for (const dropped of [null, ['DE', true], [['DE']], { code: 'DE' }]) {
      expect(await country(dropped)).toMatchObject({ value: '$10', reason: 'DEFAULT' });
    }
  });
});
