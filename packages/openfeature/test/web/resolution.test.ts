import { type Client, ErrorCode, OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutUi, cycle, pricing, theme, uploadLimit } from '../support/flags.js';
import { readyWebClient } from '../support/open-feature-web.js';

// OpenFeature's web SDK over the Switchyard web provider over a real server: values evaluated on the
// server for the static context, read through `client.get...Details`, re-evaluated on a context change.

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
      ],
    }),
  );
  await server.putFlag({ ...booleanFlag('kill-switched', 100), enabled: false });
  await server.putFlag({ ...booleanFlag('checkout-api', 100), enabled: false });
  await server.putFlag(booleanFlag('plain-on', 0, { fallthrough: { variant: 'on' } }));
  for (const flag of [pricing, uploadLimit, theme, checkoutUi, ...cycle]) await server.putFlag(flag);
});
afterAll(async () => {
  await OpenFeature.clearProviders();
  await server.close();
});

describe('resolving each type through the web SDK', () => {
  afterEach(() => OpenFeature.clearProviders());

  it('answers boolean, string, number and object flags with value, variant and reason', async () => {
    const { client } = await readyWebClient(server, {
      targetingKey: 'vip-1',
      country: 'FR',
      org: { plan: 'pro' },
    });
    expect(client.getBooleanDetails('new-checkout', false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'TARGETING_MATCH',
      flagMetadata: { switchyardReason: 'TARGET_MATCH' },
    });
    expect(client.getStringDetails('pricing', '$0')).toEqual({
      flagKey: 'pricing',
      value: '$8',
      variant: 'low',
      reason: 'TARGETING_MATCH',
      flagMetadata: { switchyardReason: 'TARGET_MATCH' },
    });
    expect(client.getNumberDetails('upload-limit-mb', 10)).toMatchObject({ value: 250, variant: 'large' });
    expect(client.getObjectDetails('theme', {})).toMatchObject({
      value: { color: 'red', radius: 8 },
      variant: 'bold',
      reason: 'DEFAULT',
    });
  });
});

describe('reasons, as the server evaluated them', () => {
  let client: Client;
  let domain: string;
  beforeAll(async () => {
    ({ client, domain } = await readyWebClient(server, { targetingKey: 'u-1' }));
  });
  afterAll(() => OpenFeature.clearProviders());

  it.each([
    ['OFF → DISABLED', 'kill-switched', { targetingKey: 'u-1' }, 'DISABLED', 'OFF'],
    [
      'TARGET_MATCH → TARGETING_MATCH',
      'new-checkout',
      { targetingKey: 'vip-1' },
      'TARGETING_MATCH',
      'TARGET_MATCH',
    ],
    [
      'RULE_MATCH → TARGETING_MATCH',
      'new-checkout',
      { targetingKey: 'u-1', email: 'ann@acme.com' },
      'TARGETING_MATCH',
      'RULE_MATCH',
    ],
    ['a rollout → SPLIT', 'new-checkout', { targetingKey: 'u-1' }, 'SPLIT', 'FALLTHROUGH'],
    [
      'PREREQUISITE_FAILED → DISABLED',
      'checkout-ui',
      { targetingKey: 'u-1' },
      'DISABLED',
      'PREREQUISITE_FAILED',
    ],
    ['FALLTHROUGH to a variant → DEFAULT', 'plain-on', { targetingKey: 'u-1' }, 'DEFAULT', 'FALLTHROUGH'],
  ] as const)('%s', async (_, flag, context, reason, switchyardReason) => {
    await OpenFeature.setContext(domain, context);
    const details = client.getBooleanDetails(flag, false);
    expect(details).toMatchObject({ reason, flagMetadata: { switchyardReason } });
    expect(details.errorCode).toBeUndefined();
    expect(details.variant).toBe(details.value ? 'on' : 'off');
  });

  it.each([
    [
      'an unknown flag',
      () => client.getStringDetails('no-such-flag', 'fallback'),
      'FLAG_NOT_FOUND',
      'fallback',
    ],
    [
      'a string read of a boolean flag',
      () => client.getStringDetails('new-checkout', 'x'),
      'TYPE_MISMATCH',
      'x',
    ],
    [
      'an object read of a string flag',
      () => client.getObjectDetails('pricing', { p: 1 }),
      'TYPE_MISMATCH',
      { p: 1 },
    ],
    ['a boolean read of a JSON flag', () => client.getBooleanDetails('theme', true), 'TYPE_MISMATCH', true],
    ['a prerequisite cycle', () => client.getBooleanDetails('cycle-a', true), 'PARSE_ERROR', true],
  ] as const)('%s → %s, with the default', async (_, read, errorCode, defaultValue) => {
    await OpenFeature.setContext(domain, { targetingKey: 'u-1' });
    const details = read();
    expect(details).toMatchObject({ value: defaultValue, reason: 'ERROR', errorCode: ErrorCode[errorCode] });
    expect(details.variant).toBeUndefined();
  });

  it('answers TARGETING_KEY_MISSING for a rollout when the context has no targetingKey', async () => {
    await OpenFeature.setContext(domain, { country: 'DE' });
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    });
    expect(client.getStringValue('pricing', '$0')).toBe('$8');
  });
});

describe('onContextChange', () => {
  afterEach(() => OpenFeature.clearProviders());

  it('evaluates again on the server and resolves once the new values are in', async () => {
    const { client, domain } = await readyWebClient(server, { targetingKey: 'u-1', country: 'US' });
    expect(client.getStringValue('pricing', '$0')).toBe('$10');
    const events: string[] = [];
    for (const type of [
      ProviderEvents.Reconciling,
      ProviderEvents.ContextChanged,
      ProviderEvents.ConfigurationChanged,
    ])
      client.addHandler(type, () => events.push(type));

    await OpenFeature.setContext(domain, { targetingKey: 'u-1', country: 'DE' });
    expect(client.getStringDetails('pricing', '$0')).toMatchObject({
      value: '$8',
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleId: 'eu' },
    });
    // New values for a new context are not a configuration change.
    expect(events).toEqual([ProviderEvents.Reconciling, ProviderEvents.ContextChanged]);

    await OpenFeature.setContext(domain, { targetingKey: 'vip-1' });
    expect(client.getBooleanValue('new-checkout', false)).toBe(true);
  });

  it('sends only what the server accepts, so a context with odd values still evaluates', async () => {
    const { client, domain } = await readyWebClient(server, { targetingKey: 'u-1' });
    await OpenFeature.setContext(domain, {
      targetingKey: 'u-1',
      country: 'DE',
      score: Number.NaN,
      ratio: Number.POSITIVE_INFINITY,
      seen: new Date('not a date'),
      flags: [true],
      org: { plan: 'pro', owner: null },
    });
    expect(client.providerStatus).toBe('READY');
    expect(client.getStringValue('pricing', '$0')).toBe('$8');
    expect(client.getNumberValue('upload-limit-mb', 0)).toBe(250);
  });

  it('reports ERROR and keeps the previous values when the server cannot evaluate the new context', async () => {
    const { client, domain } = await readyWebClient(server, { targetingKey: 'u-1', country: 'DE' });
    const errors: unknown[] = [];
    client.addHandler(ProviderEvents.Error, (details) => errors.push(details));
    await server.stop();
    try {
      await OpenFeature.setContext(domain, { targetingKey: 'u-1', country: 'US' });
      expect(errors).toHaveLength(1);
      expect(client.providerStatus).toBe('ERROR');
      expect(client.getStringValue('pricing', '$0')).toBe('$8');
    } finally {
      await server.start();
    }
  });
});
