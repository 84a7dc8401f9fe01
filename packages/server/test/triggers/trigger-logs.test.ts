import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCaller, spawnServer } from '@switchyard/test-support/server-process';
import { afterAll, expect, it } from 'vitest';

const ADMIN = 'trigger-logs-admin-token-0123';
const api = apiCaller(ADMIN);
const dir = mkdtempSync(join(tmpdir(), 'switchyard-trigger-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('never writes a trigger token to the logs, even at debug level', async () => {
  const server = await spawnServer({ DATA_DIR: dir, SWITCHYARD_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'debug' });
  try {
    const flag = '/api/v1/environments/production/flags/new-checkout';
    const created = await api(server.url, 'POST', `${flag}/triggers`, { action: 'disable' });
    expect(created.status).toBe(201);
    const token = (created.body.url as string).split('/').pop() as string;
    const fired = await fetch(`${server.url}${created.body.url}?from=alertmanager`, { method: 'POST' });
    expect(fired.status).toBe(202);
    const unknown = await fetch(`${server.url}/hooks/v1/triggers/sy_trigger_guess`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).toContain('/hooks/v1/triggers/[redacted]?from=alertmanager');
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain('sy_trigger_guess');
  } finally {
    await server.stop();
  }
});
