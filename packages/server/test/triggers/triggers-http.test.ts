import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

/** A flag with one trigger; returns the trigger as created (with its URL). */
async function flagWithTrigger(key: string, trigger: Record<string, unknown>, percentage = 50) {
  expect((await t.api('PUT', flagPath(key), booleanFlag(key, percentage))).status).toBe(201);
  const created = await t.api('POST', `${flagPath(key)}/triggers`, trigger);
  expect(created.status).toBe(201);
  return created.body as { id: string; action: string; url: string };
}

/** Calls a trigger URL as an alerting system would: no API key. */
const call = (url: string, body?: unknown, contentType = 'application/json') =>
  t.api('POST', url, body, {
    token: null,
    headers: body === undefined ? {} : { 'content-type': contentType },
  });

const alertmanager = (status: 'firing' | 'resolved') => ({
  version: '4',
  groupKey: '{}:{alertname="CheckoutErrors"}',
  status,
  receiver: 'switchyard',
  groupLabels: { alertname: 'CheckoutErrors' },
  commonLabels: { alertname: 'CheckoutErrors', severity: 'page' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [{ status, labels: { alertname: 'CheckoutErrors', severity: 'page' }, annotations: {} }],
});

describe('alert triggers', () => {
  it('creates a trigger with an unguessable URL shown once; lists and deletes it', async () => {
    const created = await flagWithTrigger('trig-crud', { action: 'disable' });
    expect(created).toMatchObject({ action: 'disable', environment: 'production', flag: 'trig-crud' });
    expect(created.url).toMatch(/^\/hooks\/v1\/triggers\/sy_trigger_[A-Za-z0-9_-]{32}$/);

    const listed = await t.api('GET', `${flagPath('trig-crud')}/triggers`);
    expect(listed.status).toBe(200);
    expect(listed.body.triggers).toEqual([
      {
        id: created.id,
        environment: 'production',
        flag: 'trig-crud',
        action: 'disable',
        percentage: null,
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.url.split('/').pop());

    expect((await t.api('DELETE', `${flagPath('trig-crud')}/triggers/${created.id}`)).status).toBe(204);
    expect((await t.api('GET', `${flagPath('trig-crud')}/triggers`)).body.triggers).toEqual([]);
    const gone = await call(created.url, alertmanager('firing'));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('SY_ERR_TRIGGER_NOT_FOUND');
    expect((await t.api('DELETE', `${flagPath('trig-crud')}/triggers/${created.id}`)).status).toBe(404);

    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=trig-crud');
    expect(audit.body.entries.map((e: { action: string }) => e.action).slice(0, 2)).toEqual([
      'trigger.delete',
      'trigger.create',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('tokenHash');
  });

  it('answers 400 naming the field for bad input, 404 for unknown flags, and needs an admin key', async () => {
    await t.api('PUT', flagPath('trig-bad'), booleanFlag('trig-bad'));
    const bad = await t.api('POST', `${flagPath('trig-bad')}/triggers`, {
      action: 'rollout',
      percentage: 150,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('SY_ERR_VALIDATION');
    expect(bad.body.error.details[0].path).toBe('percentage');
    const unknown = await t.api('POST', `${flagPath('trig-bad')}/triggers`, { action: 'explode' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('action');
    expect((await t.api('POST', `${flagPath('no-such-flag')}/triggers`, { action: 'disable' })).status).toBe(
      404,
    );
    const client = await t.createKey('client', 'production');
    const forbidden = await t.api(
      'POST',
      `${flagPath('trig-bad')}/triggers`,
      { action: 'disable' },
      { token: client },
    );
    expect(forbidden.status).toBe(403);
  });

  it('disables the flag on a firing Alertmanager notification, once; resolved leaves it as it is', async () => {
    const trigger = await flagWithTrigger('trig-am', { action: 'disable' });
    const first = await call(trigger.url, alertmanager('firing'));
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ applied: true, reason: expect.stringContaining('disabled') });
    const flag = await t.api('GET', flagPath('trig-am'));
    expect(flag.body).toMatchObject({ enabled: false, version: 2 });

    const again = await call(trigger.url, alertmanager('firing'));
    expect(again.body).toEqual({ applied: false, reason: expect.stringContaining('already') });
    await t.api('POST', `${flagPath('trig-am')}/enable`);
    const resolved = await call(trigger.url, alertmanager('resolved'));
    expect(resolved.status).toBe(202);
    expect(resolved.body.applied).toBe(false);
    expect((await t.api('GET', flagPath('trig-am'))).body).toMatchObject({ enabled: true, version: 3 });

    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=trig-am');
    const disable = audit.body.entries.find((e: { action: string }) => e.action === 'flag.disable');
    expect(disable.actor.keyId).toBe(`trigger:${trigger.id}`);
    expect(disable.details).toEqual({
      trigger: { id: trigger.id, action: 'disable', percentage: null },
      alert: {
        source: 'alertmanager',
        status: 'firing',
        labels: { alertname: 'CheckoutErrors', severity: 'page' },
      },
    });
  });

  it('fires on any other body (or none), reads Grafana alerts, and ramps to the set percentage', async () => {
    const trigger = await flagWithTrigger('trig-generic', { action: 'rollout', percentage: 0 });
    const grafanaOk = await call(trigger.url, {
      state: 'ok',
      ruleName: 'Checkout errors',
      ruleId: 3,
      tags: {},
    });
    expect(grafanaOk.body.applied).toBe(false);
    const grafanaResolved = await call(trigger.url, { ...alertmanager('resolved'), orgId: 1 });
    expect(grafanaResolved.body.applied).toBe(false);
    expect((await t.api('GET', flagPath('trig-generic'))).body.version).toBe(1);

    const plain = await call(trigger.url, 'checkout is on fire', 'text/plain');
    expect(plain.status).toBe(202);
    expect(plain.body.applied).toBe(true);
    const flag = (await t.api('GET', flagPath('trig-generic'))).body;
    expect(flag.fallthrough.rollout.variants).toEqual([
      { variant: 'on', weight: 0 },
      { variant: 'off', weight: 100_000 },
    ]);
    expect((await call(trigger.url)).body.applied).toBe(false);
    expect((await call(trigger.url, '{not json')).body.applied).toBe(false);
    expect((await t.api('GET', flagPath('trig-generic'))).body.version).toBe(2);
  });

  it('pauses the running plan of the flag, with an audit entry naming the trigger and labels', async () => {
    const trigger = await flagWithTrigger('trig-plan', { action: 'pause-plan' }, 0);
    const none = await call(trigger.url, alertmanager('firing'));
    expect(none.body).toEqual({ applied: false, reason: expect.stringContaining('no running rollout plan') });
    const started = await t.api('PUT', `${flagPath('trig-plan')}/plan`, {
      steps: [5, 50, 100],
      intervalSeconds: 3600,
    });
    expect(started.status).toBe(201);
    const fired = await call(trigger.url, { ...alertmanager('firing'), orgId: 1 });
    expect(fired.body.applied).toBe(true);
    expect((await t.api('GET', `${flagPath('trig-plan')}/plan`)).body.plan.state).toBe('paused');
    const audit = await t.api('GET', '/api/v1/audit?environment=production&flag=trig-plan');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'trigger.pause-plan',
      actor: { keyId: `trigger:${trigger.id}` },
      details: { alert: { source: 'grafana', labels: { alertname: 'CheckoutErrors' } } },
    });
    expect((await call(trigger.url, alertmanager('firing'))).body.applied).toBe(false);
  });

  it('answers 404 for an unknown token and never needs an API key', async () => {
    const res = await call('/hooks/v1/triggers/sy_trigger_nope', alertmanager('firing'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('SY_ERR_TRIGGER_NOT_FOUND');
  });
});
