import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
const keys: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestServer();
  await t.api('PUT', '/api/v1/environments/production/flags/auth-flag', booleanFlag('auth-flag', 5));
  await t.api('PUT', '/api/v1/environments/production/segments/auth-seg', { included: ['u1'] });
  keys.server = await t.createKey('server', 'production');
  keys.client = await t.createKey('client', 'production');
  keys.devAdmin = await t.createKey('admin', 'development');
  keys.prodAdmin = await t.createKey('admin', 'production');
  keys.revoked = await t.createKey('admin');
  const list = await t.api('GET', '/api/v1/keys');
  const revokedId = list.body.keys.at(-1).id;
  await t.api('DELETE', `/api/v1/keys/${revokedId}`);
});
afterAll(() => t.close());

/** Every admin route, with a body that would be valid, in the production environment. */
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/v1/environments'],
  ['POST', '/api/v1/environments', { key: 'auth-new-env' }],
  ['GET', '/api/v1/environments/production/flags'],
  ['GET', '/api/v1/environments/production/flags/auth-flag'],
  ['PUT', '/api/v1/environments/production/flags/auth-flag', booleanFlag('auth-flag', 6)],
  ['POST', '/api/v1/environments/production/flags/auth-flag/rollout', { percentage: 7 }],
  ['POST', '/api/v1/environments/production/flags/auth-flag/enable'],
  ['POST', '/api/v1/environments/production/flags/auth-flag/disable'],
  ['GET', '/api/v1/environments/production/flags/auth-flag/history'],
  ['POST', '/api/v1/environments/production/flags/auth-flag/restore', { version: 1 }],
  ['GET', '/api/v1/environments/production/flags/auth-flag/metrics'],
  ['DELETE', '/api/v1/environments/production/flags/no-such-flag'],
  ['GET', '/api/v1/environments/production/segments'],
  ['GET', '/api/v1/environments/production/segments/auth-seg'],
  ['PUT', '/api/v1/environments/production/segments/auth-seg', { included: ['u2'] }],
  ['DELETE', '/api/v1/environments/production/segments/no-such-segment'],
  ['GET', '/api/v1/audit'],
  ['POST', '/api/v1/keys', { kind: 'server', environment: 'production', name: 'x' }],
  ['GET', '/api/v1/keys'],
  ['DELETE', '/api/v1/keys/no-such-key'],
];

/** Routes that span environments: an environment-scoped admin key may not use them. */
const GLOBAL = new Set([
  'POST /api/v1/environments',
  'POST /api/v1/keys',
  'GET /api/v1/keys',
  'DELETE /api/v1/keys/no-such-key',
]);

describe.each(ADMIN_ROUTES)('%s %s', (method, path, body) => {
  it('is 401 without a key, with an unknown key and with a revoked key', async () => {
    for (const token of [null, 'sy_admin_unknown', keys.revoked as string]) {
      const res = await t.api(method, path, body, { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('SY_ERR_UNAUTHORIZED');
    }
  });

  it('is 403 for server and client keys', async () => {
    for (const token of [keys.server, keys.client] as string[]) {
      const res = await t.api(method, path, body, { token });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('SY_ERR_FORBIDDEN');
    }
  });

  it('is 403 for an admin key of another environment', async () => {
    if (method === 'GET' && (path === '/api/v1/environments' || path === '/api/v1/audit')) {
      // Listing is allowed but narrowed to the key's own environment (checked below).
      expect((await t.api(method, path, body, { token: keys.devAdmin })).status).toBe(200);
      return;
    }
    const res = await t.api(method, path, body, { token: keys.devAdmin });
    expect(res.status).toBe(403);
  });

  it('passes auth for an admin key of its environment, unless it spans environments', async () => {
    const res = await t.api(method, path, body, { token: keys.prodAdmin });
    if (GLOBAL.has(`${method} ${path}`)) expect(res.status).toBe(403);
    else expect([200, 201, 204, 404]).toContain(res.status);
  });

  it('passes auth for a global admin key', async () => {
    const res = await t.api(method, path, body);
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });
});

describe('environment-scoped admin keys', () => {
  it('see only their own environment and its audit entries', async () => {
    const envs = await t.api('GET', '/api/v1/environments', undefined, { token: keys.devAdmin });
    expect(envs.body.environments.map((e: { key: string }) => e.key)).toEqual(['development']);
    const audit = await t.api('GET', '/api/v1/audit', undefined, { token: keys.devAdmin });
    expect(audit.body.entries.every((e: { environment: string }) => e.environment === 'development')).toBe(
      true,
    );
    expect(
      (await t.api('GET', '/api/v1/audit?environment=production', undefined, { token: keys.devAdmin }))
        .status,
    ).toBe(403);
  });
});

describe('SDK routes', () => {
  it('refuse admin keys and keys of the wrong kind', async () => {
    expect((await t.api('GET', '/sdk/v1/ruleset')).status).toBe(403);
    expect((await t.api('GET', '/sdk/v1/ruleset', undefined, { token: keys.client })).status).toBe(403);
    expect((await t.api('GET', '/sdk/v1/ruleset', undefined, { token: null })).status).toBe(401);
    expect((await t.api('POST', '/sdk/v1/evaluate', { context: {} }, { token: keys.server })).status).toBe(
      403,
    );
    expect((await t.api('POST', '/sdk/v1/evaluate', { context: {} }, { token: null })).status).toBe(401);
    expect((await t.api('POST', '/sdk/v1/events', { metrics: [] }, { token: null })).status).toBe(401);
    expect((await t.api('POST', '/sdk/v1/events', { metrics: [] })).status).toBe(403);
  });

  it('serve only the environment of the key', async () => {
    const devServer = await t.createKey('server', 'development');
    const dev = await t.api('GET', '/sdk/v1/ruleset', undefined, { token: devServer });
    const prod = await t.api('GET', '/sdk/v1/ruleset', undefined, { token: keys.server });
    expect(Object.keys(dev.body.flags)).not.toContain('auth-flag');
    expect(Object.keys(prod.body.flags)).toContain('auth-flag');
  });
});

describe('API keys', () => {
  it('shows the secret once, lists keys without secrets or hashes, and revokes at once', async () => {
    const created = await t.api('POST', '/api/v1/keys', {
      kind: 'server',
      environment: 'production',
      name: 'checkout service',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^sy_server_/);
    const listed = await t.api('GET', '/api/v1/keys');
    const entry = listed.body.keys.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toMatchObject({
      kind: 'server',
      environment: 'production',
      name: 'checkout service',
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect(entry).not.toHaveProperty('secretHash');

    expect((await t.api('GET', '/sdk/v1/ruleset', undefined, { token: created.body.secret })).status).toBe(
      200,
    );
    expect((await t.api('DELETE', `/api/v1/keys/${created.body.id}`)).status).toBe(204);
    expect((await t.api('GET', '/sdk/v1/ruleset', undefined, { token: created.body.secret })).status).toBe(
      401,
    );
  });

  it('needs an environment for server and client keys, and an existing one', async () => {
    const missing = await t.api('POST', '/api/v1/keys', { kind: 'client', name: 'web' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('environment');
    const unknown = await t.api('POST', '/api/v1/keys', {
      kind: 'client',
      name: 'web',
      environment: 'staging',
    });
    expect(unknown.status).toBe(404);
    const badKind = await t.api('POST', '/api/v1/keys', { kind: 'root', name: 'x' });
    expect(badKind.body.error.details[0].path).toBe('kind');
  });
});
