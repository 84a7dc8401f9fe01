import { booleanFlag } from '@switchyard/test-support/flags';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SwitchyardClient } from '../../src/index.js';
import { eventually, fastOptions, nextEvent, recordingLogger } from '../support/client-harness.js';
import { type StandInServer, startStandInServer } from '../support/stand-in-server.js';

describe('malformed stream data', () => {
  let server: StandInServer;
  let client: SwitchyardClient;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    server = await startStandInServer();
    server.putFlag(booleanFlag('new-checkout', 100));
    logger = recordingLogger();
    client = createClient(fastOptions(server.url, server.sdkKey, { logger }));
    await client.ready();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const cases: [string, string][] = [
    ['data that is not JSON', 'id: 99\nevent: patch\ndata: {"kind":"flag",\n\n'],
    [
      'a flag that breaks the schema',
      `id: 99\nevent: patch\ndata: ${JSON.stringify({ kind: 'flag', data: { ...booleanFlag('new-checkout', 0), version: 50, variants: { on: 'yes', off: false } } })}\n\n`,
    ],
    [
      'a put missing its segments',
      `id: 99\nevent: put\ndata: ${JSON.stringify({ revision: 99, flags: {} })}\n\n`,
    ],
    ['a delete without a version', `id: 99\nevent: delete\ndata: {"kind":"flag","key":"new-checkout"}\n\n`],
  ];

  it.each(cases)('rejects %s whole, logs it, and resets the connection', async (_, text) => {
    const revisionBefore = client.status().revision;
    const error = nextEvent(client, 'error');
    server.sendRaw(text);
    const [rejected] = await error;
    expect(rejected.code).toBe('MALFORMED_DATA');
    expect(logger.lines.some((line) => line.startsWith('error:') && /malformed|not JSON/.test(line))).toBe(
      true,
    );

    // Nothing of it was applied.
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(true);
    expect(client.allFlags('user-1')['new-checkout']?.value).toBe(true);
    expect(client.status().revision).toBe(revisionBefore);

    // The connection was reset and resumed from the last good event, not from the bad one.
    await eventually(() => server.streamRequests.length === 2, 5_000, 'a new stream request');
    expect(server.streamRequests[1]).toBe(String(revisionBefore));
    await eventually(() => client.status().state === 'valid', 5_000, 'valid again');

    // And the stream works again afterwards.
    const changed = nextEvent(client, 'change');
    server.putFlag(booleanFlag('new-checkout', 0));
    await changed;
    expect(client.isEnabled('new-checkout', 'user-1')).toBe(false);
  });

  it('ignores event types it does not know', async () => {
    server.sendRaw('event: something-new\ndata: {"whatever":1}\n\n');
    const changed = nextEvent(client, 'change');
    server.putFlag(booleanFlag('new-checkout', 0));
    await changed;
    expect(server.streamRequests).toHaveLength(1);
    expect(client.status().lastError).toBeNull();
  });
});
