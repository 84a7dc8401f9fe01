import type { FlagVariantMetrics } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { eventually, fastOptions } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

/** Everything the server received, summed per flag and variant. */
function received(server: StandInServer): Map<string, FlagVariantMetrics> {
  const sums = new Map<string, FlagVariantMetrics>();
  for (const batch of server.eventBatches) {
    for (const m of batch.metrics) {
      const id = `${m.flag}/${m.variant}`;
      const sum = sums.get(id) ?? {
        flag: m.flag,
        variant: m.variant,
        evaluations: 0,
        exposures: 0,
        errors: 0,
      };
      sum.evaluations += m.evaluations;
      sum.exposures += m.exposures;
      sum.errors += m.errors;
      if (m.latency) sum.latency = m.latency;
      sums.set(id, sum);
    }
  }
  return sums;
}

describe('evaluation metrics', () => {
  let server: StandInServer;
  let client: SwitchyardClient;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('counts evaluations and exposures per variant, errors and latencies, and sends them on close()', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip'] }] }));
    server.putFlag({
      key: 'pricing',
      type: 'string',
      variants: { low: '$8', high: '$12' },
      enabled: true,
      offVariant: 'high',
      fallthrough: { variant: 'low' },
    });
    client = createClient(
      fastOptions(server.url, server.sdkKey, { sendEvents: true, flushIntervalMs: 60_000 }),
    );
    await client.ready();

    client.isEnabled('new-checkout', 'vip');
    client.isEnabled('new-checkout', { userId: 'vip', plan: 'gold' });
    client.isEnabled('new-checkout', 'u-1');
    client.isEnabled('new-checkout', 'u-2');
    client.isEnabled('new-checkout', 'u-2');
    client.variation('pricing', 'u-1', '$10');
    client.evaluate('pricing', { userId: 'u-3' }, '$10');
    client.variation('pricing', 'u-1', 10); // type mismatch: the default was served
    client.isEnabled('no-such-flag', 'u-1');
    client.recordError('new-checkout', 'vip');
    client.recordError('new-checkout', 'u-1');
    client.recordError('new-checkout', 'u-2');
    client.recordLatency('pricing', 'u-1', 3);
    client.recordLatency('pricing', 'u-3', 400);

    await client.close();
    const sums = received(server);
    expect(sums.get('new-checkout/on')).toMatchObject({ evaluations: 2, exposures: 1, errors: 1 });
    expect(sums.get('new-checkout/off')).toMatchObject({ evaluations: 3, exposures: 2, errors: 2 });
    expect(sums.get('pricing/low')).toMatchObject({ evaluations: 2, exposures: 2, errors: 0 });
    expect(sums.get('pricing/low')?.latency?.sumMs).toBe(403);
    expect(sums.get('pricing/null')).toMatchObject({ evaluations: 1, exposures: 1 });
    expect(sums.get('no-such-flag/null')).toMatchObject({ evaluations: 1, exposures: 1 });
    expect(sums.size).toBe(5);
  });

  it('sends in the background every flushIntervalMs and keeps what could not be sent', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    client = createClient(fastOptions(server.url, server.sdkKey, { sendEvents: true, flushIntervalMs: 50 }));
    await client.ready();
    client.isEnabled('new-checkout', 'u-1');
    await eventually(() => server.eventBatches.length === 1, 5_000, 'a background flush');

    await server.stop();
    client.isEnabled('new-checkout', 'u-2');
    client.isEnabled('new-checkout', 'u-3');
    // Give a few flushes the chance to fail while the server is down.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.start();
    await eventually(
      () => (received(server).get('new-checkout/on')?.evaluations ?? 0) === 3,
      5_000,
      'the kept counts',
    );
    expect(received(server).get('new-checkout/on')).toMatchObject({ evaluations: 3, exposures: 3 });
  });

  it('sends nothing when sendEvents is false', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    client = createClient(fastOptions(server.url, server.sdkKey, { sendEvents: false, flushIntervalMs: 20 }));
    await client.ready();
    client.isEnabled('new-checkout', 'u-1');
    client.recordError('new-checkout', 'u-1');
    await client.close();
    expect(server.eventBatches).toEqual([]);
  });
});
