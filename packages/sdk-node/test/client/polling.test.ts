import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { eventually, fastOptions, nextEvent, recordingLogger } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

describe('polling', () => {
  let server: StandInServer;
  let client: SwitchyardClient;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it.each([404, 405, 501])('takes over when the server refuses to stream with %i', async (status) => {
    server = await startStandInServer({ streamStatus: status });
    server.putFlag(booleanFlag('new-checkout', 0));
    const logger = recordingLogger();
    client = createClient(fastOptions(server.url, server.sdkKey, { logger, pollIntervalMs: 50 }));
    expect(await client.ready()).toMatchObject({ state: 'valid', mode: 'poll', source: 'server' });
    expect(logger.lines.some((l) => l.includes(`does not stream (HTTP ${status})`))).toBe(true);

    const changed = nextEvent(client, 'change');
    server.putFlag(booleanFlag('new-checkout', 100));
    expect(await changed).toEqual([['new-checkout']]);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(server.streamRequests).toHaveLength(1);
  });

  it('polls with If-None-Match when stream is false, so that an unchanged ruleset costs a 304', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    client = createClient(fastOptions(server.url, server.sdkKey, { stream: false, pollIntervalMs: 30 }));
    expect(await client.ready()).toMatchObject({ state: 'valid', mode: 'poll' });
    await eventually(() => server.rulesetRequests.length >= 3, 5_000, 'three polls');
    const etag = `"${server.revision}"`;
    expect(server.rulesetRequests.slice(0, 3)).toEqual([undefined, etag, etag]);
    expect(server.streamRequests).toHaveLength(0);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
  });

  it('keeps the last ruleset while polls fail, and recovers', async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    client = createClient(fastOptions(server.url, server.sdkKey, { stream: false, pollIntervalMs: 30 }));
    await client.ready();
    const interrupted = nextEvent(client, 'status', (s) => s.state === 'interrupted');
    await server.stop();
    await interrupted;
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    const valid = nextEvent(client, 'status', (s) => s.state === 'valid');
    await server.start();
    await valid;
  });
});
