import { adminEndpoints } from '@switchyard/shared';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI and the console build every request from `adminEndpoints`. Each entry here is one call
// with arguments; the mapped type makes a new endpoint without a call here a type error.
const calls: { [K in keyof typeof adminEndpoints]: Parameters<(typeof adminEndpoints)[K]> } = {
  environments: [],
  flags: ['production'],
  archivedFlags: ['production'],
  flag: ['production', 'probe'],
  createFlagEverywhere: ['production'],
  putFlag: ['production', 'probe'],
  deleteFlag: ['production', 'never-made'],
  ramp: ['production', 'probe'],
  setEnabled: ['production', 'probe', true],
  setArchived: ['production', 'never-made', true],
  history: ['production', 'probe'],
  restore: ['production', 'probe'],
  metrics: ['production', 'probe', 60],
  plan: ['production', 'probe'],
  startPlan: ['production', 'probe'],
  controlPlan: ['production', 'probe', 'pause'],
  triggers: ['production', 'probe'],
  createTrigger: ['production', 'probe'],
  deleteTrigger: ['production', 'probe', 'no-such-trigger'],
  schedules: ['production', 'probe'],
  createSchedule: ['production', 'probe'],
  cancelSchedule: ['production', 'probe', 'no-such-schedule'],
  staleFlags: ['production'],
  flagsFileStatus: ['production'],
  importFlags: ['production'],
  segments: ['production'],
  segment: ['production', 'beta'],
  putSegment: ['production', 'beta'],
  deleteSegment: ['production', 'never-made'],
  audit: [{ environment: 'production', flag: 'probe', limit: 5 }],
  keys: [],
  createKey: [],
  revokeKey: ['no-such-key'],
  webhooks: [],
  createWebhook: [],
  deleteWebhook: ['no-such-webhook'],
  webhookDeliveries: ['no-such-webhook'],
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('PUT', '/api/v1/environments/production/flags/probe', booleanFlag('probe', 5));
  await t.api('PUT', '/api/v1/environments/production/segments/beta', { key: 'beta', included: ['u1'] });
});
afterAll(() => t.close());

describe('the admin endpoint table of the CLI and the console', () => {
  it.each(Object.keys(calls) as (keyof typeof calls)[])('%s names a route the server has', async (name) => {
    const make = adminEndpoints[name] as (
      ...args: unknown[]
    ) => ReturnType<(typeof adminEndpoints)[typeof name]>;
    const { method, path, answer } = make(...calls[name]);
    // Writes go without a body: a 400 naming the body still proves the route is there.
    const res = await t.api(method, `/api/v1${path}`);
    expect(res.body?.error?.code, `${method} ${path}`).not.toBe('SY_ERR_NOT_FOUND');
    expect(res.status).not.toBe(500);
    if (res.status < 300) expect(answer.safeParse(res.body).success, `${method} ${path}`).toBe(true);
  });

  it('reads the answers of the reads it makes most', async () => {
    const reads = [adminEndpoints.flag('production', 'probe'), adminEndpoints.segment('production', 'beta')];
    for (const { path, answer } of reads) {
      const res = await t.api('GET', `/api/v1${path}`);
      expect(res.status).toBe(200);
      expect(answer.parse(res.body)).toMatchObject({ key: path.split('/').at(-1) });
    }
  });
});
