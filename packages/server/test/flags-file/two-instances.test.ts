import { eventually } from '@switchyard/test-support/eventually';
import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag } from '@switchyard/test-support/server';
import { apiCaller, type ServerProcess, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ConfigMapDir, configMapDir } from './config-map.js';

/** Two `switchyard-server` processes on one redis-server, both mounting one flags file. */

const TOKEN = 'flags-file-two-instances-token';
const call = apiCaller(TOKEN);
const env = '/api/v1/environments/production';
const fileOf = (percentage: number, description: string) =>
  stringify({ flags: [booleanFlag('checkout', percentage, { description })] });

let redis: TestRedis;
let mount: ConfigMapDir;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  mount = await configMapDir(fileOf(10, 'first'));
  const settings = {
    REDIS_URL: redis.url,
    SWITCHYARD_ADMIN_TOKEN: TOKEN,
    FLAGS_FILE: mount.file,
    FLAGS_FILE_ENVIRONMENT: 'production',
    LOG_LEVEL: 'info',
  };
  [a, b] = await Promise.all([spawnServer(settings), spawnServer(settings)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  await mount?.remove();
});

const both = (what: string, ok: (flag: any) => boolean) =>
  Promise.all(
    [a, b].map((server) =>
      eventually(
        `${what} on ${server.url}`,
        () => call(server.url, 'GET', `${env}/flags/checkout`),
        (res) => ok(res.body),
      ),
    ),
  );
const reconciliations = () =>
  [a, b].reduce((n, server) => n + server.output().split('"flags file reconciled"').length - 1, 0);

describe('FLAGS_FILE on two instances sharing one Redis', () => {
  it('reconciles each change once, and both instances serve it', async () => {
    await both('created', (flag) => flag?.description === 'first');
    await mount.update(fileOf(30, 'second'));
    await both('updated', (flag) => flag?.description === 'second');
    await mount.update(fileOf(60, 'third'));
    await both('updated again', (flag) => flag?.description === 'third');

    const audit = await call(a.url, 'GET', '/api/v1/audit?environment=production&flag=checkout');
    expect(audit.body.entries.map((e: any) => [e.actor.keyId, e.action])).toEqual([
      ['flags-file', 'flag.put'],
      ['flags-file', 'flag.put'],
      ['flags-file', 'flag.put'],
    ]);
    expect(reconciliations()).toBe(3);
  });

  it('logs a bad file on each instance with the place of each problem, and keeps serving the last good one', async () => {
    await mount.update(
      stringify({ flags: [{ ...booleanFlag('checkout', 60), enabled: 'yes' }], segments: 3 }),
    );
    for (const server of [a, b])
      await eventually(
        `bad file logged by ${server.url}`,
        async () => server.output(),
        (output) =>
          output.includes('flags file: flags.0.enabled:') && output.includes('flags file: segments:'),
      );
    for (const server of [a, b]) {
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
      const flag = await call(server.url, 'GET', `${env}/flags/checkout`);
      expect(flag.body).toMatchObject({ description: 'third', version: 3 });
    }
  });
});
