import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rulesetResponseSchema } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { eventually, fastOptions, nextEvent, recordingLogger } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

const onForEveryone = { ...booleanFlag('new-checkout', 100), version: 1 };

describe('starting while the flag server is down', () => {
  let server: StandInServer;
  let dir: string;
  const clients: SwitchyardClient[] = [];
  const track = (client: SwitchyardClient) => {
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-cache-'));
    server = await startStandInServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the bootstrap, settles ready() at timeoutMs, and switches to the server once it is up', async () => {
    await server.stop();
    const client = track(
      createClient(
        fastOptions(server.url, server.sdkKey, {
          timeoutMs: 300,
          bootstrap: { flags: { 'new-checkout': onForEveryone } },
        }),
      ),
    );
    expect(client.evaluate('new-checkout', 'user-1')).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'FALLTHROUGH', inRollout: true },
    });
    const started = Date.now();
    const status = await client.ready();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(status).toMatchObject({ state: 'initializing', source: 'bootstrap' });
    expect(status.lastError?.code).toBe('NETWORK');
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);

    server.putFlag(booleanFlag('new-checkout', 0));
    const changed = nextEvent(client, 'change');
    await server.start();
    expect(await changed).toEqual([['new-checkout']]);
    expect(client.status()).toMatchObject({ state: 'valid', source: 'server' });
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
  });

  it('ready() settles at timeoutMs with defaults and NOT_READY when there is nothing to serve', async () => {
    await server.stop();
    const client = track(createClient(fastOptions(server.url, server.sdkKey, { timeoutMs: 200 })));
    expect((await client.ready()).state).toBe('initializing');
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
    expect(client.variation('pricing', 'user-1', '$10')).toBe('$10');
    expect(client.evaluate('pricing', 'user-1', '$10')).toEqual({
      value: '$10',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'NOT_READY' },
    });
    expect(client.allFlags('user-1')).toEqual({});
  });

  it('writes the last good ruleset to the cache file and serves it on a cold start', async () => {
    const cacheFile = join(dir, 'nested', 'flags.json');
    server.putFlag(booleanFlag('new-checkout', 100));
    const first = track(createClient(fastOptions(server.url, server.sdkKey, { cacheFile })));
    await first.ready();
    const changed = nextEvent(first, 'change');
    server.putFlag(booleanFlag('dark-mode', 100));
    await changed;
    await first.close();
    const cached = rulesetResponseSchema.parse(JSON.parse(readFileSync(cacheFile, 'utf8')));
    expect(cached.revision).toBe(server.revision);
    expect(Object.keys(cached.flags).sort()).toEqual(['dark-mode', 'new-checkout']);
    // Written through a temp file and renamed: no temp file is left behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['flags.json']);

    await server.stop();
    const logger = recordingLogger();
    const second = track(
      createClient(
        fastOptions(server.url, server.sdkKey, {
          cacheFile,
          logger,
          timeoutMs: 300,
          bootstrap: { flags: { 'new-checkout': { ...onForEveryone, enabled: false } } },
        }),
      ),
    );
    await eventually(() => second.status().source === 'cache', 2_000, 'the cache in use');
    expect(second.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(second.isEnabled('dark-mode', 'user-1')).toBe(true);
    expect(second.status().revision).toBe(cached.revision);
    expect(logger.lines.some((l) => l.includes('serving the cached ruleset'))).toBe(true);
  });

  it('carries on with a logger that throws', async () => {
    await server.stop();
    const explode = () => {
      throw new Error('logger bug');
    };
    const logger = { debug: explode, info: explode, warn: explode, error: explode };
    const client = track(
      createClient(
        fastOptions(server.url, server.sdkKey, {
          logger,
          timeoutMs: 300,
          bootstrap: { flags: { 'new-checkout': onForEveryone } },
        }),
      ),
    );
    expect((await client.ready()).lastError?.code).toBe('NETWORK');
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    const changed = nextEvent(client, 'change');
    server.putFlag(booleanFlag('new-checkout', 0));
    await server.start();
    await changed;
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
  });

  it('prefers the server to the cache file when the server is up', async () => {
    const cacheFile = join(dir, 'flags.json');
    writeFileSync(
      cacheFile,
      JSON.stringify({ revision: 1, flags: { 'new-checkout': onForEveryone }, segments: {} }),
    );
    server.putFlag(booleanFlag('new-checkout', 0));
    const client = track(createClient(fastOptions(server.url, server.sdkKey, { cacheFile })));
    expect(await client.ready()).toMatchObject({ state: 'valid', source: 'server' });
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
  });

  it('ignores a corrupt cache file, saying so, and serves defaults', async () => {
    const cacheFile = join(dir, 'flags.json');
    writeFileSync(
      cacheFile,
      '{"revision": 3, "flags": {"new-checkout": {"key": "new-checkout"}}, "segments": {}}',
    );
    await server.stop();
    const logger = recordingLogger();
    const client = track(
      createClient(fastOptions(server.url, server.sdkKey, { cacheFile, logger, timeoutMs: 200 })),
    );
    const status = await client.ready();
    expect(status.source).toBeNull();
    expect(logger.lines.some((l) => l.startsWith('warn:') && /flags\.json is malformed/.test(l))).toBe(true);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
  });
});
