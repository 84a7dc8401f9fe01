import {
  type AdminServerProcess,
  PROCESS_ADMIN_TOKEN,
  spawnAdminServer,
} from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseClient } from '../support/sse-client.js';

/** Every character as %XX, as an attacker (or a careless client library) might send it. */
const percentEncoded = (text: string) =>
  [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`).join('');

describe('log lines', () => {
  let server: AdminServerProcess;
  let client: string;
  let sdk: string;
  beforeAll(async () => {
    // Every request logged, at the most talkative level.
    server = await spawnAdminServer({ LOG_LEVEL: 'trace', SDK_LOG_LEVEL: 'trace' });
    client = (await server.createKey('client')).secret;
    sdk = (await server.createKey('server')).secret;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('never hold a key or token, whether in a header, a query parameter or a path, however encoded', async () => {
    const secrets = [client, sdk, PROCESS_ADMIN_TOKEN];
    const paths = secrets.flatMap((secret) => [
      `/sdk/v1/ruleset?key=${secret}`,
      `/sdk/v1/ruleset?KEY=${secret}`,
      `/sdk/v1/ruleset?%6Bey=${secret}`,
      `/sdk/v1/ruleset?k%65y=${percentEncoded(secret)}`,
      `/sdk/v1/ruleset?access_token=${secret}&x=1`,
      `/sdk/v1/ruleset?apiKey=${encodeURIComponent(secret)}`,
      `/sdk/v1/ruleset?q=${secret}`,
      `/sdk/v1/${secret}`,
      `/api/v1/environments/${secret}/flags`,
      `/api/v1/environments/${percentEncoded(secret)}/flags`,
      `/admin/${secret}`,
    ]);
    for (const path of paths) await fetch(`${server.url}${path}`);
    for (const secret of secrets) {
      await fetch(`${server.url}/api/v1/environments`, { headers: { authorization: `Bearer ${secret}` } });
      await fetch(`${server.url}/sdk/v1/ruleset`, { headers: { authorization: `Bearer ${secret}` } });
    }
    const stream = await openSseClient(
      `${server.url}/sdk/v1/evaluate/stream?key=${encodeURIComponent(client)}`,
    );
    expect(stream.status).toBe(200);
    stream.close();

    const log = server.output();
    expect(log).toContain('/sdk/v1/ruleset'); // requests are logged, just not their secrets
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
      expect(log).not.toContain(secret.slice(-16));
      expect(log).not.toContain(percentEncoded(secret).slice(-24));
    }
  });

  it('never hold client contexts (user ids, emails)', async () => {
    const context = { userId: 'user-84721', email: 'ada@private.example' };
    const res = await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context }),
    });
    expect(res.status).toBe(200);
    const encoded = Buffer.from(JSON.stringify(context)).toString('base64url');
    const stream = await openSseClient(`${server.url}/sdk/v1/evaluate/stream?context=${encoded}`, {
      authorization: `Bearer ${client}`,
    });
    expect(stream.status).toBe(200);
    stream.close();
    // A context that fails validation is not echoed into the log either.
    await fetch(`${server.url}/sdk/v1/evaluate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { ...context, nested: { email: context.email } } }),
    });

    const log = server.output();
    expect(log).toContain('/sdk/v1/evaluate');
    for (const text of [context.userId, context.email, encoded.slice(0, 24)]) expect(log).not.toContain(text);
  });
});
