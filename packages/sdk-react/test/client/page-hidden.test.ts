// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserClient } from '../../src/client/browser-client.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

// A closing tab never calls close(): the counts go out when the page is hidden, with keepalive.

let server: FakeFlagServer;

beforeEach(async () => {
  server = await startFakeFlagServer(() => ({ 'new-checkout': served(true) }));
});

afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

const setVisibility = (state: DocumentVisibilityState) => {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state);
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('when the page is hidden', () => {
  it('flushes the counts with a keepalive request', async () => {
    const requests: RequestInit[] = [];
    const client = createBrowserClient({
      ...optionsFor(server, { stream: false }),
      fetch: (url, init) => {
        if (url.endsWith('/sdk/v1/events') && init) requests.push(init);
        return fetch(url, init);
      },
    });
    await client.waitForReady();
    client.isEnabled('new-checkout');

    setVisibility('visible');
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toHaveLength(0);

    setVisibility('hidden');
    await vi.waitFor(() => expect(server.batches).toHaveLength(1));
    expect(requests[0]?.keepalive).toBe(true);
    expect(server.batches[0]?.metrics).toEqual([
      expect.objectContaining({ flag: 'new-checkout', evaluations: 1 }),
    ]);

    // A closed client no longer listens.
    await client.close();
    client.isEnabled('new-checkout');
    setVisibility('hidden');
    await new Promise((resolve) => setImmediate(resolve));
    expect(requests).toHaveLength(1);
  });
});
