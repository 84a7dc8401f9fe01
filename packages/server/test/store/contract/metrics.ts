import { describe, expect, it } from 'vitest';
import { nowMinute, type StoreUnderTest, variantMetrics } from './store-under-test.js';

/** The FlagStore contract: per-minute SDK metrics. */
export function describeMetricsContract(t: StoreUnderTest): void {
  describe('metrics', () => {
    it('adds batches up per minute and flag variant, and reads a minute range back', async () => {
      const m = nowMinute();
      await t.store.addMetrics('production', m - 1, [variantMetrics('checkout', 'on', 3, 4)]);
      await t.store.addMetrics('production', m, [
        variantMetrics('checkout', 'on', 5, 3),
        variantMetrics('checkout', 'off', 2),
      ]);
      await t.store.addMetrics('production', m, [
        variantMetrics('checkout', 'on', 1),
        variantMetrics('checkout', null, 7),
        variantMetrics('other', 'on', 100),
      ]);
      await t.store.addMetrics('staging', m, [variantMetrics('checkout', 'on', 50)]);

      const read = await t.store.readMetrics('production', 'checkout', m - 10, m);
      expect(read.map((r) => [r.minute, r.variant, r.evaluations, r.exposures])).toEqual([
        [m - 1, 'on', 3, 1],
        [m, null, 7, 1],
        [m, 'off', 2, 1],
        [m, 'on', 6, 2],
      ]);
      const onNow = read.find((r) => r.minute === m && r.variant === 'on');
      expect(onNow?.latency?.counts[2]).toBe(1);
      expect(onNow?.latency?.sumMs).toBe(3);
      expect(read.find((r) => r.variant === 'off')?.latency).toBeUndefined();
      expect((await t.store.readMetrics('production', 'checkout', m, m)).map((r) => r.variant)).toEqual([
        null,
        'off',
        'on',
      ]);
      expect(await t.store.readMetrics('production', 'checkout', m + 1, m + 5)).toEqual([]);
      expect(await t.store.readMetrics('staging', 'other', m - 10, m)).toEqual([]);
    });
  });
}
