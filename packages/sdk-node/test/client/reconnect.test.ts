import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient, type SwitchyardError } from '../../src/index.js';
import { eventually, fastOptions, nextEvent, recordingLogger } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

describe('losing the flag server', () => {
  let server: StandInServer;
  let client: SwitchyardClient | undefined;

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  it('keeps serving the last good ruleset, then resumes from the last event id and catches up', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 0));
    const logger = recordingLogger();
    client = createClient(fastOptions(server.url, server.sdkKey, { logger }));
    await client.ready();
    const heldRevision = server.revision;

    const interrupted = nextEvent(client, 'status', (s) => s.state === 'interrupted');
    const errors: SwitchyardError[] = [];
    client.on('error', (e) => errors.push(e));
    await server.stop();
    await interrupted;
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
    expect(client.status()).toMatchObject({ state: 'interrupted', source: 'server', revision: heldRevision });

    // A change made while the client is away arrives as soon as it is back.
    server.putFlag(booleanFlag('new-checkout', 100));
    const changed = nextEvent(client, 'change');
    await server.start();
    expect(await changed).toEqual([['new-checkout']]);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(client.status()).toMatchObject({ state: 'valid', revision: server.revision });
    expect(server.streamRequests.at(-1)).toBe(String(heldRevision));
    // One outage, one error event and one warning, however many reconnect attempts it took.
    expect(errors.map((e) => e.code)).toEqual(['NETWORK']);
    expect(logger.lines.filter((l) => l.startsWith('warn')).length).toBe(1);
  });

  it('keeps retrying a server that answers the stream with 503, saying so once', async () => {
    server = await startStandInServer({ streamStatus: 503 });
    const errors: SwitchyardError[] = [];
    client = createClient(fastOptions(server.url, server.sdkKey, { timeoutMs: 300 }));
    client.on('error', (e) => errors.push(e));
    expect((await client.ready()).state).toBe('initializing');
    await eventually(() => server.streamRequests.length >= 3, 5_000, 'three attempts');
    expect(client.status().lastError).toMatchObject({ code: 'HTTP_STATUS', status: 503 });
    expect(errors).toHaveLength(1);
  });

  it('reconnects a stream that falls silent for longer than the heartbeat timeout', async () => {
    server = await startStandInServer({ heartbeatMs: 20 });
    server.putFlag(booleanFlag('new-checkout', 0));
    client = createClient(fastOptions(server.url, server.sdkKey, { heartbeatTimeoutMs: 200 }));
    await client.ready();
    expect(server.streamRequests).toHaveLength(1);

    const error = nextEvent(client, 'error');
    server.silence();
    const [timedOut] = await error;
    expect(timedOut.code).toBe('TIMEOUT');
    expect(timedOut.message).toMatch(/no data or heartbeat/);
    await nextEvent(client, 'status', (s) => s.state === 'valid');
    expect(server.streamRequests.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a stream with regular heartbeats open', async () => {
    server = await startStandInServer({ heartbeatMs: 100 });
    server.putFlag(booleanFlag('new-checkout', 0));
    client = createClient(fastOptions(server.url, server.sdkKey, { heartbeatTimeoutMs: 1_200 }));
    await client.ready();
    // Nearly three heartbeat timeouts of a stream that carries only heartbeats: no reconnect.
    await new Promise((resolve) => setTimeout(resolve, 3_300));
    expect(server.streamRequests).toHaveLength(1);
    expect(client.status().state).toBe('valid');
  });
});
