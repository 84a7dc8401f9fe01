import { randomUUID } from 'node:crypto';
import { eventually } from '@switchyard/test-support/eventually';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ConfigMapDir, configMapDir } from './config-map.js';

/**
 * FLAGS_FILE with a real file on disk, laid out and updated as a Kubernetes ConfigMap mount is
 * (a symlink swap), over each store.
 */

const env = '/api/v1/environments/production';
const betaOnly = {
  clauses: [{ attribute: 'key', op: 'inSegment', values: ['beta'] }],
  serve: { variant: 'on' },
};
const checkout = (percentage: number, extra: Record<string, unknown> = {}) =>
  booleanFlag('checkout', percentage, { rules: [betaOnly], ...extra });
const banner = (text: string) => ({
  key: 'banner',
  type: 'string',
  variants: { plain: 'plain', shiny: text },
  enabled: true,
  offVariant: 'plain',
  fallthrough: { variant: 'shiny' },
});
const beta = { key: 'beta', description: 'Beta testers', included: ['u1'] };
const yamlOf = (flags: unknown[], segments: unknown[] = [beta]) => stringify({ segments, flags });

const problemsCounted = async (t: TestServer, kind: string): Promise<number> => {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`switchyard_flags_file_problems_total{kind="${kind}"}`));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
};

describe.each(['file', 'redis'] as const)('FLAGS_FILE over the %s store', (store) => {
  let redis: TestRedis | undefined;
  let mount: ConfigMapDir;
  let t: TestServer;
  const flag = async (key: string) => (await t.api('GET', `${env}/flags/${key}`)).body;

  beforeAll(async () => {
    mount = await configMapDir(yamlOf([checkout(25), banner('v1')]));
    if (store === 'redis') redis = await startRedis();
    t = await startTestServer({
      flagsFile: { path: mount.file, environment: 'production' },
      ...(redis ? { redisUrl: redis.url, redisKeyPrefix: `ff-${randomUUID()}:` } : {}),
    });
    expect((await t.api('PUT', `${env}/flags/hand-made`, booleanFlag('hand-made', 10))).status).toBe(201);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await mount?.remove();
  });

  it('creates the file at start: its flags exist, marked managed, written by the flags-file actor', async () => {
    const created = await eventually(
      'checkout created',
      () => flag('checkout'),
      (f) => f?.key === 'checkout',
    );
    expect(created).toMatchObject({ enabled: true, managedBy: { file: mount.file } });
    expect((await t.api('GET', `${env}/segments/beta`)).body).toMatchObject({ included: ['u1'] });
    const list = (await t.api('GET', `${env}/flags`)).body.flags;
    const byKey = new Map(list.map((f: any) => [f.key, f]));
    expect(byKey.get('checkout')).toMatchObject({ percentage: 25, managedBy: { file: mount.file } });
    expect(byKey.get('hand-made')).not.toHaveProperty('managedBy');
    const audit = (await t.api('GET', '/api/v1/audit?environment=production&flag=checkout')).body.entries;
    expect(audit.map((e: any) => e.actor.keyId)).toEqual(['flags-file']);
    const status = (await t.api('GET', `${env}/flags-file`)).body;
    expect(status).toEqual({
      file: mount.file,
      environment: 'production',
      valid: true,
      problems: [],
      drift: [],
    });
    expect((await t.api('GET', '/api/v1/environments/development/flags-file')).body.file).toBeNull();
  });

  it('answers every admin edit of a managed flag with 409 SY_ERR_MANAGED naming the file', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const edits: [string, string, unknown?][] = [
      ['PUT', `${env}/flags/checkout`, checkout(90)],
      ['DELETE', `${env}/flags/checkout`],
      ['POST', `${env}/flags/checkout/rollout`, { percentage: 90 }],
      ['POST', `${env}/flags/checkout/restore`, { version: 1 }],
      ['POST', `${env}/flags/checkout/archive`],
      ['POST', `${env}/flags/checkout/unarchive`],
      ['PUT', `${env}/flags/checkout/plan`, { steps: [50, 100] }],
      [
        'POST',
        `${env}/flags/checkout/schedules`,
        { at: future, change: { action: 'rollout', percentage: 50 } },
      ],
      ['PUT', `${env}/flags/banner`, banner('edited by hand')],
    ];
    for (const [method, path, body] of edits) {
      const res = await t.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.body.error, `${method} ${path}`).toMatchObject({
        code: 'SY_ERR_MANAGED',
        details: { file: mount.file },
      });
      expect(res.body.error.message).toContain(mount.file);
    }
    expect(await flag('checkout')).toMatchObject({ version: 1, enabled: true });
    // Flags the file does not list are people's as before.
    expect((await t.api('POST', `${env}/flags/hand-made/rollout`, { percentage: 20 })).status).toBe(200);
  });

  it('keeps the kill switch and triggers working; the drift stays until that flag changes in the file', async () => {
    const killed = await t.api('POST', `${env}/flags/checkout/disable`);
    expect(killed.status).toBe(200);
    expect(killed.body).toMatchObject({ enabled: false, managedBy: { file: mount.file } });
    const status = (await t.api('GET', `${env}/flags-file`)).body;
    expect(status.drift).toEqual([
      { key: 'checkout', diffs: [{ path: 'enabled', before: false, after: true }] },
    ]);

    const trigger = await t.api('POST', `${env}/flags/banner/triggers`, { action: 'disable' });
    expect(trigger.status).toBe(201);
    expect((await fetch(`${t.url}${trigger.body.url}`, { method: 'POST' })).status).toBe(202);
    expect(await flag('banner')).toMatchObject({ enabled: false });
    expect((await t.api('DELETE', `${env}/flags/banner/triggers/${trigger.body.id}`)).status).toBe(204);

    // Another flag's entry changes: that flag follows the file, the killed one stays killed.
    await mount.update(yamlOf([checkout(25), banner('v2')]));
    const after = await eventually(
      'banner v2',
      () => flag('banner'),
      (f) => f.variants.shiny === 'v2',
    );
    expect(after).toMatchObject({ enabled: true });
    expect(await flag('checkout')).toMatchObject({ enabled: false });

    // The killed flag's own entry changes: the file wins.
    await mount.update(yamlOf([checkout(50), banner('v2')]));
    await eventually(
      'checkout at 50% and on',
      () => t.api('GET', `${env}/flags`),
      (res) => res.body.flags.some((f: any) => f.key === 'checkout' && f.percentage === 50 && f.enabled),
    );
    expect((await t.api('GET', `${env}/flags-file`)).body.drift).toEqual([]);
  });

  it('keeps the last good state on a bad file, counts it and stays ready', async () => {
    const before = await flag('checkout');
    const counted = await problemsCounted(t, 'invalid');
    const badWeights = checkout(50);
    (badWeights.fallthrough as any).rollout.variants[0].weight = 1;
    await mount.update(yamlOf([badWeights, banner('v3')]));
    const status = await eventually(
      'file invalid',
      () => t.api('GET', `${env}/flags-file`),
      (res) => !res.body.valid,
    );
    expect(status.body.problems).toEqual([
      expect.objectContaining({ path: 'flags.0.fallthrough.rollout.variants' }),
    ]);
    expect(await problemsCounted(t, 'invalid')).toBe(counted + 1);

    await mount.update('flags:\n  - key: checkout\n    type: [boolean\n');
    const yamlError = await eventually(
      'YAML error',
      () => t.api('GET', `${env}/flags-file`),
      (res) => res.body.problems.some((p: any) => p.path.startsWith('line ')),
    );
    expect(yamlError.body.valid).toBe(false);
    expect(await problemsCounted(t, 'invalid')).toBe(counted + 2);
    expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
    expect(await flag('checkout')).toEqual(before);
    expect(await flag('banner')).toMatchObject({ variants: { shiny: 'v2' } });

    await mount.update(yamlOf([checkout(50), banner('v3')]));
    await eventually(
      'banner v3',
      () => flag('banner'),
      (f) => f.variants.shiny === 'v3',
    );
    expect((await t.api('GET', `${env}/flags-file`)).body).toMatchObject({ valid: true, problems: [] });
  });

  it('archives and hands back a flag removed from the file, and never touches flags it never listed', async () => {
    const handMade = await flag('hand-made');
    await mount.update(yamlOf([checkout(50)]));
    const retired = await eventually(
      'banner archived',
      () => flag('banner'),
      (f) => f.archived === true,
    );
    expect(retired).not.toHaveProperty('managedBy');
    expect(await flag('hand-made')).toEqual(handMade);
    expect(await flag('checkout')).toMatchObject({ managedBy: { file: mount.file } });
    // No longer managed: people may bring it back and change it.
    expect((await t.api('POST', `${env}/flags/banner/unarchive`)).status).toBe(200);
    expect((await t.api('PUT', `${env}/flags/banner`, banner('by hand'))).status).toBe(200);
  });
});
