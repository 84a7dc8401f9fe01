import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/test-support/webhook-receiver';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

let receiver: WebhookReceiver;
let dataDir: string;
const servers: TestServer[] = [];
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});
afterAll(() => receiver.close());

async function start(env: Record<string, string> = {}) {
  const server = await startTestServer({ dataDir, webhookRetryBaseMs: 100 }, env);
  servers.push(server);
  return server;
}

describe('webhook targets and restarts', () => {
  it('WEBHOOK_DENY_PRIVATE refuses loopback targets at creation and, after resolving the name, at delivery', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-webhooks-'));
    // Created while private targets were allowed, by name: a name can point anywhere later.
    const open = await start();
    const byName = `http://localhost:${receiver.port}/hook`;
    const created = await open.api('POST', '/api/v1/webhooks', { url: byName, events: ['flag.changed'] });
    expect(created.status).toBe(201);
    await open.close();
    servers.length = 0;

    const denying = await start({ WEBHOOK_DENY_PRIVATE: 'true' });
    for (const url of [
      receiver.url,
      'http://[::1]:9/x',
      'http://10.1.2.3/x',
      'http://169.254.169.254/latest',
      byName,
    ]) {
      const res = await denying.api('POST', '/api/v1/webhooks', { url, events: ['flag.changed'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.message).toMatch(/url: .*private address/);
    }
    const before = receiver.received.length;
    await denying.api('PUT', '/api/v1/environments/production/flags/private', booleanFlag('private'));
    const deliveries = async () =>
      (await denying.api('GET', `/api/v1/webhooks/${created.body.id}/deliveries`)).body.deliveries;
    for (let i = 0; i < 200 && (await deliveries())[0]?.attempts < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await deliveries())[0]).toMatchObject({
      status: 'pending',
      lastResponseCode: null,
      lastError: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), a private address/),
    });
    expect(receiver.received.length).toBe(before);
  });

  it('keeps a pending delivery over a restart and delivers it after', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-webhooks-'));
    const first = await start();
    const hook = await first.api('POST', '/api/v1/webhooks', {
      url: `${receiver.url}/restart`,
      events: ['flag.changed'],
    });
    // The receiver is down for longer than this server lives.
    receiver.failNext(1_000);
    await first.api('PUT', '/api/v1/environments/production/flags/restart', booleanFlag('restart'));
    await receiver.waitFor((got) => got.some((r) => r.body.includes('"restart"')));
    await first.close();
    servers.length = 0;
    receiver.failNext(0);

    const second = await start();
    await receiver.waitFor((got) => got.some((r) => r.body.includes('"restart"') && r.answered === 200));
    // The server records the outcome after the receiver has answered: wait for that record.
    const delivery = async () =>
      (await second.api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`)).body.deliveries[0];
    for (let i = 0; i < 100 && (await delivery()).status !== 'delivered'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await delivery()).toMatchObject({ status: 'delivered', lastResponseCode: 200 });
    expect((await delivery()).attempts).toBeGreaterThan(1);
  });
});
