import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamRegistry } from '../../src/delivery/stream-registry.js';
import { createFileStore } from '../../src/store/index.js';
import type { FlagStore, StoreChange } from '../../src/store/types.js';
import { openSseClient, type SseEvent } from '../support/sse-client.js';

// A change that reaches the server's ruleset cache exactly while a client evaluate stream opens: the
// store's change feed is held back for the environment, and let through from inside the stream
// registry's `open`, which the route calls between reading its snapshot's state and sending the `put`.
// A route that snapshotted before subscribing would send a `put` with the new revision and the old
// values, and no patch after it.

const ENV = 'race';
const flagPath = (key: string) => `/api/v1/environments/${ENV}/flags/${key}`;

/** The file store, except that changes of `ENV` reach subscribers only when `deliver()` is called. */
function withHeldFeed(target: FlagStore): { store: FlagStore; hold(): void; deliver(): number } {
  let holding = false;
  const held: { listener: (change: StoreChange) => void; change: StoreChange }[] = [];
  const subscribe: FlagStore['subscribe'] = (listener) =>
    target.subscribe((change) => {
      if (holding && change.environment === ENV) held.push({ listener, change });
      else listener(change);
    });
  const store = new Proxy(target, {
    get(object, property) {
      if (property === 'subscribe') return subscribe;
      const value = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
  return {
    store,
    hold: () => {
      holding = true;
    },
    deliver() {
      holding = false;
      const delivered = held.splice(0);
      for (const { listener, change } of delivered) listener(change);
      return delivered.length;
    },
  };
}

let t: TestServer;
let feed: ReturnType<typeof withHeldFeed>;
let clientKey: string;
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-race-'));
const context = Buffer.from(JSON.stringify({ userId: 'u-1' })).toString('base64url');

beforeAll(async () => {
  feed = withHeldFeed(await createFileStore({ dir: dataDir }));
  t = await startTestServer({ store: feed.store, dataDir });
  expect((await t.api('POST', '/api/v1/environments', { key: ENV, name: 'Race' })).status).toBe(201);
  expect((await t.api('PUT', flagPath('checkout'), booleanFlag('checkout', 0))).status).toBeLessThan(300);
  clientKey = await t.createKey('client', ENV);
});
afterAll(async () => {
  await t.close();
  await feed.store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the client evaluate stream when a change lands while it opens', () => {
  it('sends the new values, never a put with the new revision and the old values', async () => {
    // The environment is in the cache, switched off for everyone.
    const before = await t.api(
      'POST',
      '/sdk/v1/evaluate',
      { context: { userId: 'u-1' } },
      { token: clientKey },
    );
    expect(before.body.flags.checkout.value).toBe(false);

    // The change is stored, but the cache hears of it only when the stream opens.
    feed.hold();
    expect((await t.api('PUT', flagPath('checkout'), booleanFlag('checkout', 100))).status).toBeLessThan(300);
    const open = StreamRegistry.prototype.open;
    let delivered = 0;
    StreamRegistry.prototype.open = function (this: StreamRegistry, ...args) {
      delivered += feed.deliver();
      return open.apply(this, args);
    };
    let sse: Awaited<ReturnType<typeof openSseClient>>;
    try {
      sse = await openSseClient(`${t.url}/sdk/v1/evaluate/stream?context=${context}`, {
        authorization: `Bearer ${clientKey}`,
      });
    } finally {
      StreamRegistry.prototype.open = open;
    }
    try {
      expect(sse.status).toBe(200);
      expect(delivered).toBeGreaterThan(0);
      const isOn = (e: SseEvent) =>
        (e.event === 'put' || e.event === 'patch') && e.data.flags.checkout?.value === true;
      const on = await sse.next(isOn);
      const changedAt = on.data.revision;
      for (const event of sse.events.filter((e) => e.event === 'put')) {
        // A put as new as the change carries the change's values.
        if (event.data.revision >= changedAt) expect(event.data.flags.checkout.value).toBe(true);
      }
    } finally {
      sse.close();
    }
  });
});
