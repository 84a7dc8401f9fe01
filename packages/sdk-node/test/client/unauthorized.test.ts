import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient, type SwitchyardError } from '../../src/index.js';
import { fastOptions, recordingLogger } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

describe('a key the server refuses', () => {
  let server: StandInServer;
  let client: SwitchyardClient;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it.each([true, false])('stops retrying, says why once and settles ready() (stream: %s)', async (stream) => {
    server = await startStandInServer();
    const logger = recordingLogger();
    client = createClient(fastOptions(server.url, 'not-a-valid-key', { logger, stream, pollIntervalMs: 50 }));
    const errors: SwitchyardError[] = [];
    client.on('error', (e) => errors.push(e));

    const started = Date.now();
    const status = await client.ready();
    expect(Date.now() - started).toBeLessThan(2_000); // well before timeoutMs
    expect(status.state).toBe('unauthorized');
    expect(status.lastError).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(status.lastError?.message).toMatch(/refused the SDK key/);

    // Many reconnect delays (50 ms) or poll intervals later, still one request and one error.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.streamRequests.length + server.rulesetRequests.length).toBe(1);
    expect(errors).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
    expect(client.evaluate('new-checkout', 'user-1', false).reason).toEqual({
      kind: 'ERROR',
      errorCode: 'NOT_READY',
    });
  });
});
