import { OpenFeature } from '@openfeature/server-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchyardTrackingEvents } from '../../src/server.js';
import { readyClient } from '../support/open-feature-server.js';

// OpenFeature's `track` feeding Switchyard's guarded-rollout metrics, read back from the admin API.

let server: SwitchyardServer;

beforeEach(async () => {
  server = await startSwitchyard();
  await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }));
});
afterEach(async () => {
  await OpenFeature.clearProviders();
  await server.close();
});

describe('track()', () => {
  it('records errors and latencies against the variant each context is served', async () => {
    const { client } = await readyClient(server, { sendEvents: true });
    const vip = { targetingKey: 'vip-1' };
    const other = { targetingKey: 'u-2' };
    expect(await client.getBooleanValue('new-checkout', false, vip)).toBe(true);
    expect(await client.getBooleanValue('new-checkout', false, other)).toBe(false);

    client.track(SwitchyardTrackingEvents.Error, vip, { flag: 'new-checkout' });
    client.track('switchyard.latency', vip, { flag: 'new-checkout', value: 180 });
    client.track('switchyard.latency', other, { flag: 'new-checkout', value: 40 });
    // Not forwarded: another event name, no flag, a latency without a value.
    client.track('checkout-completed', other, { flag: 'new-checkout', value: 1 });
    client.track('switchyard.error', other, { value: 1 });
    client.track('switchyard.latency', other, { flag: 'new-checkout' });
    await OpenFeature.clearProviders(); // closes the provider's client, which sends what it holds

    const totals = await server.metrics('new-checkout');
    const on = totals.find((t) => t.variant === 'on');
    const off = totals.find((t) => t.variant === 'off');
    expect(on).toMatchObject({ evaluations: 1, exposures: 1, errors: 1, errorRate: 1 });
    expect(off).toMatchObject({ evaluations: 1, exposures: 1, errors: 0 });
    expect(on?.p95LatencyMs).toBeGreaterThan(off?.p95LatencyMs ?? Number.POSITIVE_INFINITY);
  });
});
