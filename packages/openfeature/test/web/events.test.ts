import {
  type Client,
  type EventDetails,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
} from '@openfeature/web-sdk';
import { createBrowserClient } from '@switchyard/sdk-react';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
  usersAround,
} from '@switchyard/test-support/switchyard-server';
import { EventSource } from 'eventsource';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SwitchyardWebProvider } from '../../src/web.js';
import { readyWebClient, registerWeb, webProviderFor } from '../support/open-feature-web.js';

// Provider events a page sees through the web SDK, driven by a real server and its admin API.

const WAIT = { timeout: 5_000, interval: 20 };
let server: SwitchyardServer;

beforeEach(async () => {
  server = await startSwitchyard();
  await server.putFlag(booleanFlag('new-checkout', 0));
  await server.putFlag(booleanFlag('dark-mode', 0));
});
afterEach(async () => {
  await OpenFeature.clearProviders();
  await server.close();
});

function collect(client: Client, type: ProviderEvents): EventDetails[] {
  const seen: EventDetails[] = [];
  client.addHandler(type, (details) => seen.push(details as EventDetails));
  return seen;
}

describe('READY', () => {
  it('comes once the values for the static context are in', async () => {
    const { client, initialized } = registerWeb(webProviderFor(server), { targetingKey: 'u-1' });
    const ready = collect(client, ProviderEvents.Ready);
    expect(client.providerStatus).toBe(ProviderStatus.NOT_READY);
    await initialized;
    expect(ready).toHaveLength(1);
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, variant: 'off' });
  });

  it('wraps a browser client made elsewhere, keeping its context while OpenFeature has none', async () => {
    const browserClient = createBrowserClient({
      url: server.url,
      clientKey: server.clientKey,
      EventSource,
      context: { userId: 'u-1' },
      autoStart: false,
    });
    const { client, initialized } = registerWeb(new SwitchyardWebProvider({ client: browserClient }));
    await initialized;
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, reason: 'SPLIT' });
    await OpenFeature.clearProviders();
    // Still the application's to use and to close.
    expect(browserClient.variation('new-checkout', true)).toBe(false);
    await browserClient.close();
  });
});

describe('ERROR', () => {
  it.each([
    ['an unknown key', async () => 'sy_not_a_real_key'],
    ['a server key', async () => server.serverKey],
  ])('comes for %s: setProviderAndWait rejects and evaluations answer the default', async (_, key) => {
    const { client, initialized } = registerWeb(webProviderFor(server, { clientKey: await key() }), {
      targetingKey: 'u-1',
    });
    const errors = collect(client, ProviderEvents.Error);
    await expect(initialized).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
  });

  it('comes when the server is down, and READY follows once it is up', async () => {
    await server.stop();
    const { client, initialized } = registerWeb(webProviderFor(server), { targetingKey: 'u-1' });
    const ready = collect(client, ProviderEvents.Ready);
    await expect(initialized).rejects.toThrow();
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);

    await server.start();
    await vi.waitFor(() => expect(ready).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, variant: 'off' });
  });
});

describe('STALE', () => {
  it('comes when the stream is lost while the last values are served, and READY when it is back', async () => {
    const { client } = await readyWebClient(server, { targetingKey: 'u-1' });
    const stale = collect(client, ProviderEvents.Stale);
    const ready = collect(client, ProviderEvents.Ready);
    ready.length = 0; // the handler ran at once for the READY provider

    await server.stop();
    await vi.waitFor(() => expect(stale).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(client.getBooleanDetails('new-checkout', true)).toMatchObject({ value: false, variant: 'off' });

    await server.start();
    await vi.waitFor(() => expect(ready).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
  });
});

describe('CONFIGURATION_CHANGED', () => {
  it('names the flags whose values a ramp through the admin API changed', async () => {
    const { inside } = usersAround('new-checkout', 25);
    const { client } = await readyWebClient(server, { targetingKey: inside });
    expect(client.getBooleanValue('new-checkout', false)).toBe(false);
    expect(client.getBooleanValue('dark-mode', false)).toBe(false);
    const changed = collect(client, ProviderEvents.ConfigurationChanged);

    await server.ramp('new-checkout', 25);
    await vi.waitFor(() => expect(changed).toHaveLength(1), WAIT);
    expect(changed[0]?.flagsChanged).toEqual(['new-checkout']);
    expect(client.getBooleanDetails('new-checkout', false)).toMatchObject({ value: true, reason: 'SPLIT' });

    await server.disable('dark-mode');
    await vi.waitFor(() => expect(changed).toHaveLength(2), WAIT);
    expect(changed[1]?.flagsChanged).toEqual(['dark-mode']);
    expect(client.getBooleanDetails('dark-mode', true)).toMatchObject({ value: false, reason: 'DISABLED' });
  });
});
