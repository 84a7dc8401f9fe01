import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminServerProcess, spawnAdminServer } from '@switchyard/test-support/server-process';
import { afterAll, describe, expect, it } from 'vitest';

const SHORT_TOKEN = 'short-operator-token-42';

/** Everything the file store keeps: what a stolen copy of the data directory would give away. */
const storedText = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');

describe('an operator-chosen admin token shorter than 32 characters', () => {
  const servers: AdminServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('is accepted with a warning, stored only under a salted scrypt hash, and found again after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-short-token-'));
    const first = await spawnAdminServer({ SWITCHYARD_ADMIN_TOKEN: SHORT_TOKEN, DATA_DIR: dataDir });
    servers.push(first);
    expect(first.output()).toMatch(/shorter than 32 characters/);
    expect(first.output()).not.toContain(SHORT_TOKEN);
    expect((await first.api('GET', '/api/v1/environments', undefined, SHORT_TOKEN)).status).toBe(200);
    expect((await first.api('GET', '/api/v1/environments', undefined, `${SHORT_TOKEN}x`)).status).toBe(401);
    const generated = (
      await first.api(
        'POST',
        '/api/v1/keys',
        { kind: 'server', environment: 'production', name: 'svc' },
        SHORT_TOKEN,
      )
    ).body;
    await first.stop();

    const stored = storedText(first.dataDir);
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(stored).not.toContain(sha256(SHORT_TOKEN));
    expect(stored).not.toContain(SHORT_TOKEN);
    expect(stored).toMatch(/"secretHash":"scrypt\$[\w-]+\$[\w-]+"/);
    // Generated keys are long and random: they keep their fast hash.
    expect(stored).toContain(`"secretHash":"${sha256(generated.secret)}"`);

    const second = await spawnAdminServer({ SWITCHYARD_ADMIN_TOKEN: SHORT_TOKEN, DATA_DIR: dataDir });
    servers.push(second);
    const keys = await second.api('GET', '/api/v1/keys', undefined, SHORT_TOKEN);
    expect(keys.status).toBe(200);
    expect(keys.body.keys.filter((k: any) => k.name === 'SWITCHYARD_ADMIN_TOKEN')).toHaveLength(1);
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
