import { OpenFeature } from '@openfeature/web-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchyardTrackingEvents } from '../../src/web.js';
import { readyWebClient } from '../support/open-feature-web.js';

// `track` in the browser feeding Switchyard's guarded-rollout metrics, read back from the admin API.

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
  it('records errors and latencies against the variant the page is served', async () => {
    const { client } = await readyWebClient(server, { targetingKey: 'vip-1' });
    expect(client.getBooleanValue('new-checkout', false)).toBe(true);
    expect(client.getBooleanValue('new-checkout', false)).toBe(true);

    client.track(SwitchyardTrackingEvents.Error, { flag: 'new-checkout' });
    client.track(SwitchyardTrackingEvents.Error, { flag: 'new-checkout' });
    client.track('switchyard.latency', { flag: 'new-checkout', value: 250 });
    // Not forwarded: another event name, no flag.
    client.track('checkout-completed', { flag: 'new-checkout' });
    client.track('switchyard.error', {});
    await OpenFeature.clearProviders(); // closes the provider's client, which sends what it counted

    const totals = await server.metrics('new-checkout');
    expect(totals).toEqual([
      expect.objectContaining({ variant: 'on', evaluations: 2, exposures: 1, errors: 2, errorRate: 1 }),
    ]);
    expect(totals[0]?.p95LatencyMs).toBeGreaterThan(0);
  });
});
