import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import {
  startWebhookReceiver,
  verifySignature,
  type WebhookReceiver,
} from '@switchyard/test-support/webhook-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  // Retries start at ~100 ms here; production starts at 5 s.
  t = await startTestServer({ webhookRetryBaseMs: 100 });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

async function createWebhook(body: Record<string, unknown>) {
  const created = await t.api('POST', '/api/v1/webhooks', body);
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

/** Requests for events of flag `key`, parsed. */
const about = (key: string) =>
  receiver.received.filter((r) => (JSON.parse(r.body) as { flag?: string }).flag === key);

describe('outbound webhooks', () => {
  it('refuses a bad webhook with a 400 naming the field', async () => {
    const good = { url: receiver.url, events: ['flag.changed'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, url: 'ftp://example.com/x' }, 'url'],
      [{ ...good, url: 'not a url' }, 'url'],
      [{ ...good, events: ['flag.exploded'] }, 'events.0'],
      [{ ...good, events: [] }, 'events'],
      [{ ...good, environments: ['production', 'nowhere'] }, 'environments.1'],
      [{ ...good, format: 'xml' }, 'format'],
    ];
    for (const [body, field] of cases) {
      const res = await t.api('POST', '/api/v1/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('SY_ERR_VALIDATION');
      expect(res.body.error.message).toContain(`${field}:`);
    }
  });

  it('shows the secret once; lists without it; deletes', async () => {
    const created = await createWebhook({ url: `${receiver.url}/crud`, events: ['plan.transition'] });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await t.api('GET', '/api/v1/webhooks');
    expect(listed.body.webhooks).toContainEqual({
      id: created.id,
      url: `${receiver.url}/crud`,
      events: ['plan.transition'],
      environments: null,
      format: 'json',
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect((await t.api('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await t.api('DELETE', `/api/v1/webhooks/${created.id}`)).body.error.code).toBe(
      'SY_ERR_WEBHOOK_NOT_FOUND',
    );
    expect((await t.api('GET', `/api/v1/webhooks/${created.id}/deliveries`)).status).toBe(404);
  });

  it('signs every request, retries after 500s with backoff, and delivers each event once after the receiver recovers', async () => {
    const hook = await createWebhook({
      url: receiver.url,
      events: ['flag.changed'],
      environments: ['production'],
    });
    receiver.failNext(3);
    const started = Date.now();
    expect((await t.api('PUT', flagPath('wh-retry'), booleanFlag('wh-retry', 0))).status).toBe(201);
    expect((await t.api('POST', `${flagPath('wh-retry')}/rollout`, { percentage: 5 })).status).toBe(200);
    // Not announced: another environment than the webhook's.
    await t.api('PUT', '/api/v1/environments/staging/flags/wh-retry', booleanFlag('wh-retry', 0));

    const succeeded = (r: { answered: number }) => r.answered === 200;
    await receiver.waitFor(
      () =>
        new Set(
          about('wh-retry')
            .filter(succeeded)
            .map((r) => r.delivery),
        ).size === 2,
    );
    const requests = about('wh-retry');
    expect(requests[0]?.at).toBeLessThan(started + 5_000);
    for (const r of requests) {
      expect(r.event).toBe('flag.changed');
      expect(verifySignature(hook.secret, r.signature, r.body)).toBe(true);
      expect(verifySignature('whsec_wrong', r.signature, r.body)).toBe(false);
    }
    expect(requests.filter((r) => r.answered === 500)).toHaveLength(3);
    const events = requests.filter(succeeded).map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.environment)).toEqual(['production', 'production']);
    const ramp = events.find((e) => e.action === 'flag.rollout');
    expect(ramp).toMatchObject({
      type: 'flag.changed',
      flag: 'wh-retry',
      actor: { name: expect.any(String) },
      before: { version: 1 },
      after: { version: 2 },
    });
    expect(events.find((e) => e.action !== 'flag.rollout')).toMatchObject({
      before: null,
      after: { version: 1 },
    });

    // At least once: a delivery may be seen again only before it succeeded, never after.
    await new Promise((r) => setTimeout(r, 1_500));
    for (const delivery of new Set(requests.map((r) => r.delivery))) {
      const seen = about('wh-retry').filter((r) => r.delivery === delivery);
      expect(seen.filter(succeeded)).toHaveLength(1);
      expect(seen.at(-1)?.answered).toBe(200);
    }

    const listed = await t.api('GET', `/api/v1/webhooks/${hook.id}/deliveries`);
    expect(listed.status).toBe(200);
    const deliveries = listed.body.deliveries as any[];
    expect(deliveries).toHaveLength(2);
    for (const d of deliveries)
      expect(d).toMatchObject({
        status: 'delivered',
        lastResponseCode: 200,
        nextAttemptAt: null,
        lastError: null,
      });
    expect(deliveries.reduce((sum, d) => sum + d.attempts, 0)).toBe(5);
    expect(Math.max(...deliveries.map((d) => d.attempts))).toBeGreaterThan(1);
    await t.api('DELETE', `/api/v1/webhooks/${hook.id}`);
  });

  it('sends plan transitions and fired triggers, in Slack format when asked', async () => {
    const hook = await createWebhook({
      url: `${receiver.url}/slack`,
      events: ['plan.transition', 'trigger.fired'],
      format: 'slack',
    });
    await t.api('PUT', flagPath('wh-slack'), booleanFlag('wh-slack', 0));
    const plan = { steps: [5, 50, 100], intervalSeconds: 600, onRegression: 'rollback', guards: {} };
    expect((await t.api('PUT', `${flagPath('wh-slack')}/plan`, plan)).status).toBe(201);
    const trigger = await t.api('POST', `${flagPath('wh-slack')}/triggers`, { action: 'disable' });
    const alert = {
      version: '4',
      status: 'firing',
      alerts: [{ status: 'firing', labels: { alertname: 'CheckoutErrors' } }],
      commonLabels: { alertname: 'CheckoutErrors' },
    };
    expect((await t.api('POST', trigger.body.url, alert, { token: null })).body.applied).toBe(true);

    const slack = () => receiver.received.filter((r) => r.body.includes('wh-slack') && r.answered === 200);
    await receiver.waitFor(() => new Set(slack().map((r) => r.event)).size === 2);
    await receiver.waitFor(() => slack().filter((r) => r.event === 'plan.transition').length >= 2);
    for (const r of slack()) expect(verifySignature(hook.secret, r.signature, r.body)).toBe(true);
    const messages = slack().map((r) => ({ event: r.event, body: JSON.parse(r.body) }));
    for (const { body } of messages) {
      expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
      expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: body.text } });
      expect(body.blocks[1].type).toBe('context');
    }
    const texts = messages.map((m) => m.body.text as string);
    expect(
      texts.some((x) => x.startsWith('Guarded rollout of *wh-slack* in *production*: running at 5%')),
    ).toBe(true);
    // The trigger disabled the flag by hand: the plan paused.
    expect(texts.some((x) => x.includes('paused at 5% (was running)'))).toBe(true);
    expect(texts).toContain(
      'Alert trigger fired on *wh-slack* in *production* (alert CheckoutErrors): flag.disable, now off',
    );
  });
});
