import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { createFlagEverywhere } from '../../src/services/flag-everywhere.js';
import { createFlagService } from '../../src/services/flags.js';
import { seedEnvironments } from '../../src/services/seed.js';
import { createFileStore } from '../../src/store/index.js';
import type { FlagStore } from '../../src/store/types.js';

const flagIn = (env: string, key: string) => `/api/v1/environments/${env}/flags/${key}`;
const CHECKOUT = {
  key: 'checkout',
  type: 'string',
  description: 'Checkout page',
  tags: ['payments'],
  variants: { old: 'v1', new: 'v2' },
  offVariant: 'old',
  enabled: true,
  targets: [{ variant: 'new', values: ['ada'] }],
  rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variant: 'new' } }],
  fallthrough: { variant: 'new' },
};

describe('POST /environments/:env/flags: one flag for every environment', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    expect((await t.api('POST', '/api/v1/environments', { key: 'staging', name: 'Staging' })).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates it as given where it was asked, and off with the same type, variants and description elsewhere', async () => {
    const res = await t.api('POST', '/api/v1/environments/development/flags', CHECKOUT);
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body.flag).toMatchObject({ ...CHECKOUT, version: 1 });
    expect(res.body.environments).toEqual([
      { environment: 'development', result: 'created', version: 1 },
      { environment: 'production', result: 'created', version: 1 },
      { environment: 'staging', result: 'created', version: 1 },
    ]);
    for (const env of ['production', 'staging']) {
      // Only what the flag is (type, variants, off variant, description, tags) comes along; it is off.
      const { targets: _t, rules: _r, enabled: _e, fallthrough: _f, ...same } = CHECKOUT;
      expect((await t.api('GET', flagIn(env, 'checkout'))).body).toEqual({
        ...same,
        enabled: false,
        fallthrough: { variant: 'old' },
        version: 1,
      });
    }
  });

  it('gives a boolean flag 0% elsewhere, so that its percentage can be ramped there', async () => {
    const res = await t.api('POST', '/api/v1/environments/production/flags', booleanFlag('search', 40));
    expect(res.status).toBe(201);
    const staging = (await t.api('GET', flagIn('staging', 'search'))).body;
    expect(staging).toMatchObject({ enabled: false, fallthrough: { rollout: expect.any(Object) } });
    expect((await t.api('GET', '/api/v1/environments/staging/flags')).body.flags).toContainEqual(
      expect.objectContaining({ key: 'search', percentage: 0, enabled: false }),
    );
  });

  it('refuses a key the environment has already (409), and keeps a flag another environment has', async () => {
    const again = await t.api('POST', '/api/v1/environments/development/flags', CHECKOUT);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SY_ERR_ALREADY_EXISTS');

    await t.api('PUT', flagIn('staging', 'pricing'), booleanFlag('pricing', 70));
    const res = await t.api('POST', '/api/v1/environments/development/flags', booleanFlag('pricing', 0));
    expect(res.status).toBe(201);
    expect(res.body.environments).toContainEqual({ environment: 'staging', result: 'kept', version: 1 });
    expect((await t.api('GET', '/api/v1/environments/staging/flags')).body.flags).toContainEqual(
      expect.objectContaining({ key: 'pricing', percentage: 70, enabled: true }),
    );
  });

  it('answers 400 naming the field for a bad flag, and creates nothing', async () => {
    const res = await t.api('POST', '/api/v1/environments/development/flags', {
      ...CHECKOUT,
      key: 'bad-one',
      offVariant: 'nope',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'offVariant' }));
    const noKey = await t.api('POST', '/api/v1/environments/development/flags', { type: 'boolean' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.details).toEqual([{ path: 'key', message: 'a flag key is required' }]);
    for (const env of ['development', 'production', 'staging']) {
      expect((await t.api('GET', flagIn(env, 'bad-one'))).status).toBe(404);
    }
  });

  it('needs an admin key for all environments', async () => {
    const scoped = await t.createKey('admin', 'development');
    const res = await t.api('POST', '/api/v1/environments/development/flags', booleanFlag('scoped', 0), {
      token: scoped,
    });
    expect(res.status).toBe(403);
    expect((await t.api('GET', flagIn('development', 'scoped'))).status).toBe(404);
  });
});

describe('a write that fails half way', () => {
  let dir: string;
  let store: FlagStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-everywhere-'));
    store = await createFileStore({ dir });
    await seedEnvironments(store);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes what it created, names the environment that failed, and leaves the flag nowhere', async () => {
    // The store refuses every write to production, as an unreachable shard would.
    const failing: FlagStore = Object.create(store);
    failing.compareAndSetFlag = (env, ...rest) =>
      env === 'production'
        ? Promise.reject(new ApiError('SY_ERR_STORE_UNAVAILABLE'))
        : store.compareAndSetFlag(env, ...rest);
    const flags = createFlagService(failing);
    const actor = { keyId: 'test', kind: 'admin' as const, name: 'test' };
    const attempt = createFlagEverywhere(failing, flags, 'development', CHECKOUT, actor);
    await expect(attempt).rejects.toMatchObject({
      code: 'SY_ERR_STORE_UNAVAILABLE',
      details: { environment: 'production' },
      message: expect.stringContaining('it was created in no environment'),
    });
    expect(await store.getFlag('development', 'checkout')).toBeUndefined();
    expect(await store.getFlag('production', 'checkout')).toBeUndefined();
  });
});
