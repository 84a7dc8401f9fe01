import {
  booleanFlag,
  ENV,
  type SwitchyardServer,
  startSwitchyard,
  usersAround,
} from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BrowserClient,
  type BrowserClientOptions,
  createBrowserClient,
} from '../../src/client/browser-client.js';
import type { FetchLike } from '../../src/client/sdk-api.js';
import { optionsFor } from '../support/provider-options.js';

// The browser client against the real Switchyard server: values evaluated by its engine, delivered by
// POST /sdk/v1/evaluate and its evaluate stream, and changed through its admin API.

const WAIT = { timeout: 5_000, interval: 20 };
let server: SwitchyardServer;
const clients: BrowserClient[] = [];

function connect(context: BrowserClientOptions['context'], overrides: Partial<BrowserClientOptions> = {}) {
  const client = createBrowserClient({ ...optionsFor(server, overrides), context });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await startSwitchyard({ corsOrigins: ['http://localhost:3000'] });
  await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }));
  await server.putFlag({
    key: 'checkout-button-color',
    type: 'string',
    variants: { blue: 'blue', green: 'green' },
    enabled: true,
    offVariant: 'blue',
    rules: [
      {
        id: 'pro-plan',
        clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
        serve: { variant: 'green' },
      },
    ],
    fallthrough: { variant: 'blue' },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
  vi.restoreAllMocks();
});

describe('createBrowserClient against the real server', () => {
  it('reads what the server evaluated for its context from POST /sdk/v1/evaluate', async () => {
    const vip = connect({ userId: 'vip-1', plan: 'pro' }, { stream: false });
    const other = connect({ userId: 'u-2', plan: 'free' }, { stream: false });
    expect(await vip.waitForReady()).toBe(true);
    expect(await other.waitForReady()).toBe(true);

    expect(vip.variationDetail('new-checkout', false)).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'TARGET_MATCH' },
    });
    expect(vip.variationDetail('checkout-button-color', 'red')).toEqual({
      value: 'green',
      variant: 'green',
      reason: { kind: 'RULE_MATCH', ruleId: 'pro-plan', ruleIndex: 0 },
    });
    expect(other.variationDetail('new-checkout', true)).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'FALLTHROUGH', inRollout: true },
    });
    expect(other.variation('checkout-button-color', 'red')).toBe('blue');
    expect(other.variationDetail('no-such-flag', 'x').reason).toEqual({
      kind: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('takes its values from the evaluate stream alone when POST /sdk/v1/evaluate fails, and follows it', async () => {
    let refused = 0;
    const evaluateDown: FetchLike = (input, init) => {
      if (new URL(String(input)).pathname !== '/sdk/v1/evaluate') return fetch(input, init);
      refused++;
      return Promise.resolve(new Response('{}', { status: 503 }));
    };
    const client = connect({ userId: 'vip-1', plan: 'free' }, { fetch: evaluateDown });

    expect(await client.waitForReady()).toBe(true);
    expect(refused).toBe(1);
    expect(client.isEnabled('new-checkout')).toBe(true);
    expect(client.variation('checkout-button-color', 'red')).toBe('blue');
    await vi.waitFor(() => expect(client.store.getStatus()).toEqual({ ready: true, error: null }), WAIT);

    await server.disable('new-checkout');
    await vi.waitFor(
      () => expect(client.variationDetail('new-checkout', true).reason.kind).toBe('OFF'),
      WAIT,
    );
    expect(client.isEnabled('new-checkout')).toBe(false);
  });

  it('follows a ramp and the kill switch made through the admin API, user by user', async () => {
    const { inside, outside } = usersAround('new-checkout', 25);
    const insider = connect({ userId: inside });
    const outsider = connect({ userId: outside });
    await insider.waitForReady();
    await outsider.waitForReady();
    expect([insider.isEnabled('new-checkout'), outsider.isEnabled('new-checkout')]).toEqual([false, false]);

    await server.ramp('new-checkout', 25);
    await vi.waitFor(() => expect(insider.isEnabled('new-checkout')).toBe(true), WAIT);
    expect(insider.variationDetail('new-checkout', false).reason).toEqual({
      kind: 'FALLTHROUGH',
      inRollout: true,
    });
    expect(outsider.isEnabled('new-checkout')).toBe(false);

    await server.ramp('new-checkout', 100);
    await vi.waitFor(() => expect(outsider.isEnabled('new-checkout')).toBe(true), WAIT);
    expect(insider.isEnabled('new-checkout')).toBe(true);

    await server.disable('new-checkout');
    await vi.waitFor(() => expect(insider.isEnabled('new-checkout')).toBe(false), WAIT);
    await vi.waitFor(() => expect(outsider.isEnabled('new-checkout')).toBe(false), WAIT);
    expect(outsider.variationDetail('new-checkout', true)).toEqual({
      value: false,
      variant: 'off',
      reason: { kind: 'OFF' },
    });

    await server.enable('new-checkout');
    await vi.waitFor(() => expect(insider.isEnabled('new-checkout')).toBe(true), WAIT);
    await vi.waitFor(() => expect(outsider.isEnabled('new-checkout')).toBe(true), WAIT);
  });

  it('re-evaluates on the server when the context changes, and the new stream follows that context', async () => {
    const client = connect({ userId: 'u-3', plan: 'free' });
    await client.waitForReady();
    expect(client.variation('checkout-button-color', 'red')).toBe('blue');

    await client.setContext({ userId: 'u-3', plan: 'pro' });
    expect(client.variationDetail('checkout-button-color', 'red')).toMatchObject({
      value: 'green',
      reason: { kind: 'RULE_MATCH', ruleId: 'pro-plan' },
    });

    // The rule now serves blue to pro users: only a stream for the new context sees a change.
    await server.putFlag({
      key: 'checkout-button-color',
      type: 'string',
      variants: { blue: 'blue', green: 'green' },
      enabled: true,
      offVariant: 'blue',
      rules: [
        {
          id: 'pro-plan',
          clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
          serve: { variant: 'blue' },
        },
      ],
      fallthrough: { variant: 'green' },
    });
    await vi.waitFor(() => expect(client.variation('checkout-button-color', 'red')).toBe('blue'), WAIT);
  });

  it('reports a key the server refuses and serves defaults', async () => {
    const serverKey = await server.test.createKey('server', ENV);
    const client = connect({ userId: 'vip-1' }, { clientKey: serverKey });
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/answered 403/), WAIT);
    expect(client.store.getStatus().ready).toBe(false);
    expect(client.isEnabled('new-checkout')).toBe(false);
  });

  it("sends evaluation counts and recorded errors that show in the admin API's flag metrics", async () => {
    const client = connect({ userId: 'vip-1' }, { stream: false });
    await client.waitForReady();
    for (let i = 0; i < 3; i++) client.isEnabled('new-checkout');
    client.recordError('new-checkout');
    client.recordLatency('new-checkout', 120);
    await client.close();

    const res = await server.test.api('GET', `/api/v1/environments/${ENV}/flags/new-checkout/metrics`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual([
      expect.objectContaining({ variant: 'on', evaluations: 3, exposures: 1, errors: 1, errorRate: 1 / 3 }),
    ]);
  });
});
