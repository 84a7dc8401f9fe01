import { OFREPProvider } from '@openfeature/ofrep-provider';
import { type Client, ErrorCode, OpenFeature, StandardResolutionReasons } from '@openfeature/server-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The registry's OFREP provider for Node, unmodified, through @openfeature/server-sdk: every OpenFeature
// SDK in another language reaches Switchyard the same way.

let server: SwitchyardServer;
let client: Client;

beforeAll(async () => {
  server = await startSwitchyard();
  await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }));
  await server.putFlag({
    key: 'banner',
    type: 'string',
    variants: { plain: 'Hello', pro: 'Welcome back' },
    enabled: true,
    offVariant: 'plain',
    rules: [
      {
        id: 'pro',
        clauses: [{ attribute: 'org.plan', op: 'in', values: ['pro'] }],
        serve: { variant: 'pro' },
      },
    ],
    fallthrough: { variant: 'plain' },
  });
  await server.putFlag({
    key: 'limits',
    type: 'json',
    variants: { small: { rps: 10 }, big: { rps: 1000 } },
    enabled: true,
    offVariant: 'small',
    fallthrough: { variant: 'big' },
  });
  await server.putFlag({
    key: 'retries',
    type: 'number',
    variants: { few: 1, many: 5 },
    enabled: true,
    offVariant: 'few',
    fallthrough: {
      rollout: {
        variants: [
          { variant: 'few', weight: 50_000 },
          { variant: 'many', weight: 50_000 },
        ],
      },
    },
  });
  await OpenFeature.setProviderAndWait(
    'ofrep',
    new OFREPProvider({ baseUrl: server.url, headers: [['X-API-Key', server.serverKey]] }),
  );
  client = OpenFeature.getClient('ofrep');
});
afterAll(async () => {
  await OpenFeature.clearProviders();
  await server?.close();
});

describe('@openfeature/ofrep-provider against Switchyard', () => {
  it('resolves booleans, strings, numbers and objects with variants and reasons', async () => {
    expect(await client.getBooleanDetails('new-checkout', false, { targetingKey: 'vip-1' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: StandardResolutionReasons.TARGETING_MATCH,
      flagMetadata: { switchyardReason: 'TARGET_MATCH' },
    });
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'someone' })).toMatchObject({
      value: false,
      reason: StandardResolutionReasons.SPLIT,
    });
    expect(await client.getStringValue('banner', 'x', { targetingKey: 'u', org: { plan: 'pro' } })).toBe(
      'Welcome back',
    );
    expect(await client.getStringDetails('banner', 'x', { targetingKey: 'u' })).toMatchObject({
      value: 'Hello',
      reason: StandardResolutionReasons.DEFAULT,
    });
    expect(await client.getObjectValue('limits', {}, { targetingKey: 'u' })).toEqual({ rps: 1000 });
    expect([1, 5]).toContain(await client.getNumberValue('retries', 0, { targetingKey: 'u' }));
  });

  it('sees a kill switch on the next evaluation', async () => {
    await server.disable('banner');
    expect(
      await client.getStringDetails('banner', 'x', { targetingKey: 'u', org: { plan: 'pro' } }),
    ).toMatchObject({
      value: 'Hello',
      reason: StandardResolutionReasons.DISABLED,
    });
  });

  it('reports missing flags, missing targeting keys and type mismatches as errors with the default', async () => {
    expect(await client.getBooleanDetails('nope', true, { targetingKey: 'u' })).toMatchObject({
      value: true,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.FLAG_NOT_FOUND,
    });
    const noKey = await client.getNumberDetails('retries', 7, {});
    expect(noKey).toMatchObject({
      value: 7,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.TARGETING_KEY_MISSING,
    });
    expect(noKey.errorMessage).toMatch(/targetingKey/);
    expect(await client.getNumberDetails('banner', 3, { targetingKey: 'u' })).toMatchObject({
      value: 3,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it('fails with the default when its key is not accepted', async () => {
    await OpenFeature.setProviderAndWait(
      'ofrep-bad-key',
      new OFREPProvider({ baseUrl: server.url, headers: [['Authorization', 'Bearer nope']] }),
    );
    const details = await OpenFeature.getClient('ofrep-bad-key').getBooleanDetails('new-checkout', true, {
      targetingKey: 'vip-1',
    });
    expect(details).toMatchObject({ value: true, reason: StandardResolutionReasons.ERROR });
  });
});
