import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getFlagValues } from '../../src/server/get-flag-values.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';

let server: FakeFlagServer;

beforeEach(async () => {
  server = await startFakeFlagServer((context) => ({ 'new-checkout': served(context.userId === 'u-1') }));
});

afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

describe('getFlagValues', () => {
  it('evaluates for the context on the server and returns plain, serializable values', async () => {
    const values = await getFlagValues({
      url: `${server.url}/`,
      clientKey: server.clientKey,
      context: { userId: 'u-1' },
    });
    expect(values).toEqual({ revision: 1, flags: { 'new-checkout': served(true) } });
    expect(JSON.parse(JSON.stringify(values))).toEqual(values);
    expect(server.evaluations).toEqual([{ userId: 'u-1' }]);
  });

  it.each([
    ['the server is unreachable', async () => server.goDown(), {}],
    ['the key is refused', async () => {}, { clientKey: 'wrong' }],
    ['the server is too slow', async () => void server.hold(), { timeoutMs: 50 }],
    [
      'the answer is malformed',
      async () => server.setFlags(() => ({ 'new-checkout': { value: true } as never })),
      {},
    ],
  ])(
    'resolves undefined with a warning when %s, so the page renders defaults',
    async (_case, breakIt, options) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      await breakIt();
      const values = await getFlagValues({
        url: server.url,
        clientKey: server.clientKey,
        context: { userId: 'u-1' },
        ...options,
      });
      expect(values).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Switchyard: getFlagValues failed/));
    },
  );
});
