import type { Context } from '@switchyard/shared';
import { EventSource } from 'eventsource';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BrowserClient,
  type BrowserClientOptions,
  createBrowserClient,
} from '../../src/client/browser-client.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';

// The browser client against a real HTTP server with a real SSE stream, through the `eventsource`
// package (Node 20 has no EventSource of its own).

let server: FakeFlagServer;
const clients: BrowserClient[] = [];

const checkoutFor = (context: Context) => ({
  'new-checkout': served(context.userId === 'u-1'),
  banner: served('spring-sale', 'spring'),
});

function connect(options: Partial<BrowserClientOptions> = {}): BrowserClient {
  const client = createBrowserClient({
    url: server.url,
    clientKey: server.clientKey,
    context: { userId: 'u-1' },
    EventSource,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    flushIntervalMs: 60_000,
    ...options,
  });
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await startFakeFlagServer(checkoutFor);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server.close();
  vi.restoreAllMocks();
});

describe('createBrowserClient', () => {
  it('serves defaults with NOT_READY until the values arrive, then the values', async () => {
    const release = server.hold();
    const client = connect();
    await vi.waitFor(() => expect(server.evaluations).toHaveLength(1));
    expect(client.store.getStatus().ready).toBe(false);
    expect(client.isEnabled('new-checkout')).toBe(false);
    expect(client.variation('banner', 'none')).toBe('none');
    expect(client.variationDetail('banner', 'none')).toEqual({
      value: 'none',
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'NOT_READY' },
    });

    release();
    expect(await client.waitForReady()).toBe(true);
    expect(client.isEnabled('new-checkout')).toBe(true);
    expect(client.variationDetail('banner', 'none')).toEqual(served('spring-sale', 'spring'));
    expect(client.variationDetail('missing', 7).reason).toEqual({
      kind: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
  });

  it('applies patch and delete events from the stream', async () => {
    const client = connect();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    await client.waitForReady();

    server.setFlags((context) => ({
      'new-checkout': served(context.userId === 'u-1'),
      banner: served('summer'),
    }));
    await vi.waitFor(() => expect(client.variation('banner', '')).toBe('summer'));

    server.setFlags((context) => ({ 'new-checkout': served(context.userId === 'u-1') }));
    await vi.waitFor(() =>
      expect(client.variationDetail('banner', '').reason.errorCode).toBe('FLAG_NOT_FOUND'),
    );
    expect(client.isEnabled('new-checkout')).toBe(true);
  });

  it('re-evaluates and restarts the stream for a new context, serving the old values meanwhile', async () => {
    const client = connect();
    await client.waitForReady();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));

    const release = server.hold();
    const switched = client.setContext({ userId: 'u-2', plan: 'pro' });
    expect(client.getContext()).toEqual({ userId: 'u-2', plan: 'pro' });
    expect(client.isEnabled('new-checkout')).toBe(true);
    release();
    await switched;

    expect(client.isEnabled('new-checkout')).toBe(false);
    expect(server.evaluations.at(-1)).toEqual({ userId: 'u-2', plan: 'pro' });
    await vi.waitFor(() => expect(server.streams.at(-1)).toEqual({ userId: 'u-2', plan: 'pro' }));
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));

    // An equal context in another key order is no change.
    await client.setContext({ plan: 'pro', userId: 'u-2' });
    expect(server.evaluations).toHaveLength(2);
  });

  it('reconnects after the stream drops and catches up with changes made meanwhile', async () => {
    const client = connect();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    await client.waitForReady();

    const release = server.hold();
    server.dropStreams();
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/stream interrupted/));
    server.setFlags(() => ({ 'new-checkout': served(false), banner: served('after-drop') }));
    release();

    await vi.waitFor(() => expect(client.variation('banner', '')).toBe('after-drop'));
    expect(server.streams.length).toBeGreaterThanOrEqual(2);
    expect(client.store.getStatus()).toEqual({ ready: true, error: null });
  });

  it('keeps the last values while the server is unreachable, and recovers when it returns', async () => {
    const client = connect();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    await client.waitForReady();

    await server.goDown();
    // The stream drops first; the reconnects then get no response at all.
    await vi.waitFor(() =>
      expect(client.store.getStatus().error?.message).toBe("Switchyard: can't reach flags (network or CORS)"),
    );
    expect(client.store.getStatus().ready).toBe(true);
    expect(client.isEnabled('new-checkout')).toBe(true);
    expect(client.variation('banner', 'none')).toBe('spring-sale');

    server.setFlags(() => ({ banner: served('back') }));
    await server.comeBack();
    await vi.waitFor(() => expect(client.variation('banner', 'none')).toBe('back'));
    expect(client.store.getStatus().error).toBeNull();
  });

  it('ignores a malformed event whole, reports it, and applies the next good one', async () => {
    const client = connect();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    await client.waitForReady();

    // One good flag beside one bad one: neither may be applied.
    server.sendRaw(
      'patch',
      JSON.stringify({ flags: { banner: served('half-applied'), 'new-checkout': { value: false } } }),
    );
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/malformed patch/));
    expect(client.variation('banner', '')).toBe('spring-sale');
    expect(client.isEnabled('new-checkout')).toBe(true);

    server.sendRaw('put', '{"flags": {');
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/malformed put/));
    server.sendRaw('delete', JSON.stringify({ keys: ['not a key!'] }));
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/malformed delete/));
    expect(client.variation('banner', '')).toBe('spring-sale');

    server.setFlags(() => ({ 'new-checkout': served(true), banner: served('fixed') }));
    await vi.waitFor(() => expect(client.variation('banner', '')).toBe('fixed'));
    expect(client.store.getStatus().error).toBeNull();
  });

  it('does not let a late evaluate response overwrite what the stream delivered since', async () => {
    const release = server.hold();
    const client = connect();
    // The evaluate response is computed now, with the old banner, and held back.
    await vi.waitFor(() => expect(server.evaluations).toHaveLength(1));
    await vi.waitFor(() => expect(server.streams).toHaveLength(1));
    release();
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    server.setFlags(() => ({ banner: served('newer') }));
    await vi.waitFor(() => expect(client.variation('banner', '')).toBe('newer'));
    await client.setContext(client.getContext());
    expect(client.variation('banner', '')).toBe('newer');
  });

  it('evaluates once, without a stream, when streaming is off', async () => {
    const client = connect({ stream: false });
    await client.waitForReady();
    expect(client.isEnabled('new-checkout')).toBe(true);
    expect(server.streams).toHaveLength(0);
    await client.setContext({ userId: 'u-3' });
    expect(client.isEnabled('new-checkout')).toBe(false);
  });

  it('is ready at once from a bootstrap, and ignores a malformed one', () => {
    const client = connect({
      autoStart: false,
      bootstrap: { flags: { 'new-checkout': served(true) } },
    });
    expect(client.store.getStatus()).toEqual({ ready: true, error: null });
    expect(client.isEnabled('new-checkout')).toBe(true);

    const broken = connect({
      autoStart: false,
      bootstrap: { flags: { 'new-checkout': { value: true } } } as never,
    });
    expect(broken.store.getStatus().ready).toBe(false);
    expect(broken.store.getStatus().error?.message).toMatch(/malformed bootstrap/);
    expect(broken.isEnabled('new-checkout')).toBe(false);
    expect(server.evaluations).toHaveLength(0);
  });

  it('reports a refused client key and stops connecting', async () => {
    const sources: EventSource[] = [];
    const Counting = class extends EventSource {
      constructor(url: string) {
        super(url);
        sources.push(this);
      }
    };
    const client = connect({ clientKey: 'wrong', EventSource: Counting });
    await vi.waitFor(() => expect(client.store.getStatus().error?.message).toMatch(/answered 401/));
    expect(client.store.getStatus().ready).toBe(false);
    expect(sources.every((source) => source.readyState === EventSource.CLOSED)).toBe(true);
    // Several reconnect delays (at most 50 ms here) pass without a new attempt.
    const attempts = sources.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sources).toHaveLength(attempts);
  });

  it('answers isEnabled(key, userId) for the context user only, warning once about others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = connect();
    await client.waitForReady();
    expect(client.isEnabled('new-checkout', 'u-1')).toBe(true);
    expect(client.isEnabled('new-checkout', 'u-9')).toBe(false);
    expect(client.isEnabled('new-checkout', 'u-8')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/other than the provider's context/);
  });

  it('serves the default with TYPE_MISMATCH when a flag has another type', async () => {
    const client = connect();
    await client.waitForReady();
    expect(client.isEnabled('banner')).toBe(false);
    expect(client.variationDetail('banner', false)).toEqual({
      value: false,
      variant: null,
      reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' },
    });
    expect(client.variationDetail('banner', { theme: 'x' }).reason.errorCode).toBe('TYPE_MISMATCH');
  });
});

describe('metrics', () => {
  it('sends evaluation counts, errors and latencies to /sdk/v1/events when closed', async () => {
    const client = connect();
    await client.waitForReady();
    client.isEnabled('new-checkout');
    client.isEnabled('new-checkout');
    client.variation('banner', '');
    client.recordError('new-checkout');
    client.recordLatency('new-checkout', 42);
    client.variation('not a valid key!', '');
    await client.close();

    const metrics = server.batches.flatMap((batch) => batch.metrics);
    expect(metrics).toHaveLength(2);
    const checkout = metrics.find((m) => m.flag === 'new-checkout');
    expect(checkout).toMatchObject({ variant: 'true', evaluations: 2, exposures: 1, errors: 1 });
    expect(checkout?.latency?.sumMs).toBe(42);
    expect(metrics.find((m) => m.flag === 'banner')).toMatchObject({ variant: 'spring', evaluations: 1 });
  });

  it('keeps counts the server could not take and sends them with the next flush', async () => {
    const client = connect({ stream: false });
    await client.waitForReady();
    client.isEnabled('new-checkout');
    await server.goDown();
    await client.flush();
    expect(server.batches).toHaveLength(0);

    client.isEnabled('new-checkout');
    await server.comeBack();
    await client.flush();
    expect(server.batches.flatMap((b) => b.metrics)).toEqual([
      expect.objectContaining({ flag: 'new-checkout', evaluations: 2 }),
    ]);
  });
});
