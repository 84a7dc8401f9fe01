import { caseName, evaluationVectors } from '@switchyard/test-support/vectors';
import { describe, expect, it } from 'vitest';
import { createClient, createTestClient } from '../../src/index.js';
import { recordingLogger } from '../support/client-harness.js';

const { flags, segments, cases } = evaluationVectors;
const named = cases.map((c) => [caseName(c), c] as const);

describe('the shared evaluation vectors through the client', () => {
  // No server at this address: the bootstrap is what the client serves.
  const client = createClient({
    url: 'http://127.0.0.1:9',
    sdkKey: 'unused',
    bootstrap: { flags, segments },
    sendEvents: false,
    timeoutMs: 100,
    logger: recordingLogger(),
  });

  it.each(named)('bootstrap: %s', (_, c) => {
    expect(client.evaluate(c.flag, c.context, c.default)).toEqual(c.expect);
  });

  it('gives the same answers through variation and isEnabled', async () => {
    for (const c of cases) {
      expect(client.variation(c.flag, c.context, c.default)).toEqual(c.expect.value);
      const isBoolean = flags[c.flag]?.type === 'boolean';
      expect(client.isEnabled(c.flag, c.context)).toBe(isBoolean && c.expect.value === true);
    }
    await client.close();
  });

  it.each(named)('test client: %s', (_, c) => {
    const testClient = createTestClient({ flags, segments });
    expect(testClient.evaluate(c.flag, c.context, c.default)).toEqual(c.expect);
  });
});
