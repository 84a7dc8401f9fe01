import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import {
  startWebhookReceiver,
  verifySignature,
  type WebhookReceiver,
} from '@switchyard/test-support/webhook-receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

let server: TestServer;
let receiver: WebhookReceiver;
let cli: (...args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  receiver = await startWebhookReceiver();
  cli = cliFor(server);
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe('webhooks', () => {
  it('creates a webhook and prints its secret once; events arrive signed with it; list, deliveries and delete', async () => {
    const created = await cli(
      'webhooks',
      'create',
      '--target',
      receiver.url,
      '--events',
      'flag.changed,trigger.fired',
      '--environments',
      'production',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(
      /^created webhook [\w-]+: flag.changed, trigger.fired of production environments to http:\/\/127.0.0.1:\d+\/hook \(json\)$/m,
    );
    const secret = /^ {2}secret: (whsec_\S+)$/m.exec(created.stdout)?.[1] as string;
    const id = /created webhook ([\w-]+)/.exec(created.stdout)?.[1] as string;
    expect(secret).toBeDefined();

    expect((await cli('flags', 'ramp', 'new-checkout', '10')).code).toBe(0);
    await receiver.waitFor((got) => got.length === 1);
    const [request] = receiver.received;
    expect(verifySignature(secret, request?.signature ?? '', request?.body ?? '')).toBe(true);

    const listed = await cli('webhooks', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    expect(tableRows(listed.stdout).find((r) => r[0] === id)).toEqual([
      id,
      receiver.url,
      'flag.changed,trigger.fired',
      'production',
      'json',
    ]);

    const deliveries = await cli('webhooks', 'deliveries', id);
    expect(deliveries.code).toBe(0);
    expect(tableRows(deliveries.stdout)[1]?.slice(1)).toEqual([
      'flag.changed',
      'production/new-checkout',
      'delivered',
      '1',
      '200',
      '-',
    ]);

    expect((await cli('webhooks', 'delete', id)).code).toBe(0);
    expect((await cli('webhooks', 'list')).stdout).toBe('no webhooks\n');
    const again = await cli('webhooks', 'deliveries', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`switchyard: no webhook "${id}"\n`);
  }, 90_000);

  it('checks the options before sending anything, and shows the server naming a bad field', async () => {
    const noUrl = await cli('webhooks', 'create', '--events', 'flag.changed');
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--target is required');
    const badEvent = await cli(
      'webhooks',
      'create',
      '--target',
      receiver.url,
      '--events',
      'flag.changed,flag.exploded',
    );
    expect(badEvent.stderr).toContain('--events: "flag.exploded" is not one of');
    const badEnv = await cli(
      'webhooks',
      'create',
      '--target',
      receiver.url,
      '--events',
      'flag.changed',
      '--environments',
      'mars',
    );
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('environments.0: No environment "mars"');
  }, 90_000);
});
