import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanFlag } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, isLive, startAttackTarget } from '../support/attack-target.js';

// Attack: POST /sdk/v1/events with a public client key, made-up flag keys and absurd counters.
let target: AttackTarget;

const entry = (flag: string, variant: string | null, evaluations: number) => ({
  flag,
  variant,
  evaluations,
  exposures: 0,
  errors: 0,
});
const events = (metrics: unknown[]) => target.call('POST', '/sdk/v1/events', { metrics }, target.clientKey);
const metricsOf = async (flag: string) =>
  (await target.call('GET', `/api/v1/environments/production/flags/${flag}/metrics?minutes=5`)).body;
const evaluationsOf = async (flag: string, variant: string) =>
  (await metricsOf(flag)).totals.find((t: { variant: string }) => t.variant === variant)?.evaluations ?? 0;
const prometheus = async () => (await fetch(`${target.url}/metrics`)).text();

beforeAll(async () => {
  target = await startAttackTarget();
  await target.call('PUT', '/api/v1/environments/production/flags/real', booleanFlag('real', 50));
  await target.call('PUT', '/api/v1/environments/production/flags/other', booleanFlag('other', 50));
}, 60_000);

afterAll(() => target?.stop());

describe('events flood with a client key', () => {
  it('drops made-up flags and variants, counts them in Prometheus, and keeps the real ones', async () => {
    const madeUp = Array.from({ length: 10_000 }, (_, i) => entry(`made-up-${i}`, 'on', 1));
    for (let batch = 0; batch < 5; batch++) {
      const res = await events(madeUp.map((m) => ({ ...m, flag: `${m.flag}-${batch}` })));
      expect(res).toEqual({ status: 202, body: { accepted: 0, dropped: 10_000 } });
    }
    const mixed = await events([entry('real', 'on', 7), entry('real', 'no-such-variant', 3)]);
    expect(mixed).toEqual({ status: 202, body: { accepted: 1, dropped: 1 } });
    expect(await isLive(target)).toBe(true);

    const text = await prometheus();
    expect(text).toMatch(/switchyard_sdk_metrics_dropped_total\{reason="unknown_flag"\} 50000/);
    expect(text).toMatch(/switchyard_sdk_metrics_dropped_total\{reason="unknown_variant"\} 1/);
    expect(await evaluationsOf('real', 'on')).toBe(7);
    expect((await metricsOf('made-up-0-0')).series).toEqual([]);
  });

  it('refuses a counter above 1,000,000,000 with a 400 naming the field, and keeps the others', async () => {
    const res = await events([entry('other', 'on', 5), entry('other', 'off', 1_000_000_001)]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SY_ERR_VALIDATION');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'metrics.1.evaluations' }));
    const latency = await events([
      { ...entry('other', 'on', 1), latency: { counts: [...Array(11).fill(0), 2e9], sumMs: 1 } },
    ]);
    expect(latency.status).toBe(400);
    expect(latency.body.error.message).toContain('latency');
    expect(await evaluationsOf('other', 'on')).toBe(0);
  });

  it('adds the largest counters exactly, never as null', async () => {
    const big = Array.from({ length: 10_000 }, () => entry('other', 'off', 1_000_000_000));
    for (let i = 0; i < 3; i++) expect((await events(big)).status).toBe(202);
    expect(await evaluationsOf('other', 'off')).toBe(3e13);
  });

  it('starts over a metrics file that fails its schema, keeping every record that passes', async () => {
    await target.process.stop();
    const dir = join(target.dataDir, 'metrics');
    const minute = Math.floor(Date.now() / 60_000);
    const day = Math.floor(minute / 1440);
    const good = entry('real', 'off', 11);
    const file = {
      format: 1,
      day,
      seq: 10_000,
      entries: [
        { environment: 'production', minute, metrics: [good, { ...good, flag: 'other', evaluations: null }] },
      ],
    };
    writeFileSync(join(dir, `day-${day}.json`), JSON.stringify(file));
    writeFileSync(join(dir, `day-${day - 1}.json`), '{"format":1,"day":');

    await target.restart();
    expect(await isLive(target)).toBe(true);
    expect(target.process.output()).toMatch(/quarantined/);
    expect(target.process.output()).toMatch(/dropped 1 metrics that fail their schema/);
    expect(readdirSync(dir).some((name) => name.startsWith(`day-${day - 1}.json.quarantined-`))).toBe(true);
    expect(await evaluationsOf('real', 'off')).toBe(11);
  });
});
