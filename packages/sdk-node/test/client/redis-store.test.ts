import { booleanFlag } from '@switchyard/test-support/flags';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { type SwitchyardServer, startSwitchyard } from '@switchyard/test-support/switchyard-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { fastOptions, nextEvent } from '../support/client-harness.js';

describe('flag servers sharing a Redis store', () => {
  let redis: TestRedis;
  let first: SwitchyardServer;
  let second: SwitchyardServer;

  beforeAll(async () => {
    redis = await startRedis();
    first = await startSwitchyard({ redisUrl: redis.url });
    second = await startSwitchyard({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.stop();
  });

  it('deliver a change made through one instance to a client streaming from the other', async () => {
    await second.putFlag(booleanFlag('new-checkout', 0));
    const client = createClient(fastOptions(first.url, first.serverKey));
    try {
      expect(await client.ready()).toMatchObject({ state: 'valid', source: 'server' });
      expect(client.evaluate('new-checkout', 'user-1')).toMatchObject({ value: false, variant: 'off' });

      const changed = nextEvent(client, 'change');
      await second.ramp('new-checkout', 100);
      expect(await changed).toEqual([['new-checkout']]);
      expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    } finally {
      await client.close();
    }
  });
});
