import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterEach, describe, expect, it } from 'vitest';

const FLAGS = '/api/v1/environments/production/flags';
const MINUTE = 60_000;

describe('scheduled changes on a moved clock', () => {
  let t: TestServer | undefined;
  let clock = Date.parse('2026-03-02T08:00:00.000Z');
  const start = (dataDir?: string) =>
    startTestServer({ now: () => clock, planTickMs: 0, ...(dataDir ? { dataDir } : {}) });

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('applies a ramp at its time as the schedule, then shows it done', async () => {
    t = await start();
    await t.api('PUT', `${FLAGS}/checkout`, booleanFlag('checkout', 5));
    const at = new Date(clock + 30 * MINUTE).toISOString();
    const created = await t.api('POST', `${FLAGS}/checkout/schedules`, {
      at,
      change: { action: 'rollout', percentage: 25 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      at,
      change: { action: 'rollout', percentage: 25 },
      state: 'pending',
    });
    expect(created.body.id).toEqual(expect.any(String));

    clock += 29 * MINUTE;
    await t.server.app.tickSchedules();
    expect((await t.api('GET', `${FLAGS}/checkout`)).body.fallthrough.rollout.variants[0].weight).toBe(5000);

    clock += MINUTE;
    await t.server.app.tickSchedules();
    const flag = (await t.api('GET', `${FLAGS}/checkout`)).body;
    expect(flag.fallthrough.rollout.variants).toEqual([
      { variant: 'on', weight: 25_000 },
      { variant: 'off', weight: 75_000 },
    ]);
    const list = (await t.api('GET', `${FLAGS}/checkout/schedules`)).body.schedules;
    expect(list).toMatchObject([{ id: created.body.id, state: 'done', note: null }]);
    const audit = (await t.api('GET', '/api/v1/audit?flag=checkout&limit=1')).body.entries[0];
    expect(audit).toMatchObject({
      action: 'flag.rollout',
      actor: { keyId: `schedule:${created.body.id}` },
      details: { schedule: { id: created.body.id, at } },
    });

    // Ticking again changes nothing: a schedule runs once.
    clock += MINUTE;
    await t.server.app.tickSchedules();
    expect((await t.api('GET', `${FLAGS}/checkout`)).body.version).toBe(flag.version);
  });

  it('enables and disables, and cancels a pending change so that it never runs', async () => {
    t = await start();
    await t.api('PUT', `${FLAGS}/banner`, booleanFlag('banner', 100, { enabled: false }));
    const soon = (m: number) => new Date(clock + m * MINUTE).toISOString();
    const enable = await t.api('POST', `${FLAGS}/banner/schedules`, {
      at: soon(1),
      change: { action: 'enable' },
    });
    const disable = await t.api('POST', `${FLAGS}/banner/schedules`, {
      at: soon(2),
      change: { action: 'disable' },
    });
    const cancelled = await t.api('DELETE', `${FLAGS}/banner/schedules/${disable.body.id}`);
    expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    expect((await t.api('DELETE', `${FLAGS}/banner/schedules/${disable.body.id}`)).body.error.code).toBe(
      'SY_ERR_SCHEDULE_NOT_PENDING',
    );

    clock += 3 * MINUTE;
    await t.server.app.tickSchedules();
    expect((await t.api('GET', `${FLAGS}/banner`)).body.enabled).toBe(true);
    const states = (await t.api('GET', `${FLAGS}/banner/schedules`)).body.schedules.map(
      (s: { id: string; state: string }) => [s.id, s.state],
    );
    expect(states).toEqual([
      [enable.body.id, 'done'],
      [disable.body.id, 'cancelled'],
    ]);
  });

  it('fails a change the flag can no longer take, with the reason', async () => {
    t = await start();
    await t.api('PUT', `${FLAGS}/old`, booleanFlag('old', 5));
    const s = await t.api('POST', `${FLAGS}/old/schedules`, {
      at: new Date(clock + MINUTE).toISOString(),
      change: { action: 'rollout', percentage: 50 },
    });
    await t.api('DELETE', `${FLAGS}/old`);
    clock += MINUTE;
    await t.server.app.tickSchedules();
    const [failed] = (await t.api('GET', `${FLAGS}/old/schedules`)).body.schedules;
    expect(failed).toMatchObject({ id: s.body.id, state: 'failed', note: expect.stringMatching(/flag/i) });
  });

  it('survives a restart, and runs a change whose time passed while no instance ran, saying so', async () => {
    t = await start();
    const dataDir = t.dataDir;
    await t.api('PUT', `${FLAGS}/night`, booleanFlag('night', 0));
    await t.api('POST', `${FLAGS}/night/schedules`, {
      at: new Date(clock + 10 * MINUTE).toISOString(),
      change: { action: 'rollout', percentage: 100 },
    });
    await t.server.close();
    t = undefined;

    clock += 3 * 60 * MINUTE; // Everything was down for three hours.
    const again = await start(dataDir);
    t = again;
    await again.server.app.tickSchedules();
    const [ran] = (await again.api('GET', `${FLAGS}/night/schedules`)).body.schedules;
    expect(ran).toMatchObject({
      state: 'done',
      note: expect.stringMatching(/late: no instance was running/),
    });
    expect((await again.api('GET', `${FLAGS}/night`)).body.fallthrough.rollout.variants[0].weight).toBe(
      100_000,
    );
    const audit = (await again.api('GET', '/api/v1/audit?flag=night&limit=1')).body.entries[0];
    expect(audit.details.schedule.lateByMs).toBeGreaterThan(2 * 60 * MINUTE);
  });

  it('refuses bad schedules with a 400 naming the field', async () => {
    t = await start();
    await t.api('PUT', `${FLAGS}/checkout`, booleanFlag('checkout', 5));
    await t.api('PUT', `${FLAGS}/color`, {
      key: 'color',
      type: 'string',
      variants: { red: 'red', blue: 'blue' },
      enabled: true,
      offVariant: 'red',
      fallthrough: { variant: 'blue' },
    });
    const future = new Date(clock + MINUTE).toISOString();
    const cases: [string, unknown, number, string][] = [
      ['checkout', { at: 'next monday', change: { action: 'enable' } }, 400, 'at'],
      ['checkout', { at: '2026-03-02T09:00:00', change: { action: 'enable' } }, 400, 'at'],
      ['checkout', { at: new Date(clock - MINUTE).toISOString(), change: { action: 'enable' } }, 400, 'at'],
      ['checkout', { at: future, change: { action: 'rollout', percentage: 101 } }, 400, 'change.percentage'],
      ['checkout', { at: future, change: { action: 'explode' } }, 400, 'change.action'],
      ['checkout', { at: future }, 400, 'change'],
      ['color', { at: future, change: { action: 'rollout', percentage: 5 } }, 400, ''],
      ['missing', { at: future, change: { action: 'enable' } }, 404, ''],
    ];
    for (const [flag, body, status, field] of cases) {
      const res = await t.api('POST', `${FLAGS}/${flag}/schedules`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (field) expect(res.body.error.details[0].path).toBe(field);
    }
    expect((await t.api('DELETE', `${FLAGS}/checkout/schedules/nope`)).body.error.code).toBe(
      'SY_ERR_SCHEDULE_NOT_FOUND',
    );
  });
});

describe('scheduled changes on two instances sharing Redis, in real time', () => {
  const TOKEN = 'schedule-test-admin-token-0123456789';
  let redis: TestRedis | undefined;
  let instances: ServerProcess[] = [];

  afterEach(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    instances = [];
    await redis?.stop();
  });

  it('applies a change once, by one instance, within a second of its time', async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: TOKEN };
    instances = await Promise.all([spawnServer(env), spawnServer(env)]);
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const call = apiCaller(TOKEN);
    await call(a.url, 'PUT', `${FLAGS}/launch`, booleanFlag('launch', 0));
    const at = new Date(Date.now() + 3_000).toISOString();
    const created = await call(b.url, 'POST', `${FLAGS}/launch/schedules`, {
      at,
      change: { action: 'rollout', percentage: 50 },
    });
    expect(created.status).toBe(201);

    let schedule: { state: string; finishedAt: string | null } | undefined;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && schedule?.state !== 'done') {
      await new Promise((r) => setTimeout(r, 100));
      schedule = (await call(a.url, 'GET', `${FLAGS}/launch/schedules`)).body.schedules[0];
    }
    expect(schedule?.state).toBe('done');
    const applied = (await call(a.url, 'GET', '/api/v1/audit?flag=launch&limit=10')).body.entries.filter(
      (e: { action: string }) => e.action === 'flag.rollout',
    );
    expect(applied).toHaveLength(1);
    expect(Date.parse(applied[0].at) - Date.parse(at)).toBeLessThan(1_000);
  }, 90_000);
});
