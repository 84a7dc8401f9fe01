import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Client,
  ErrorCode,
  type EventDetails,
  OpenFeature,
  ProviderEvents,
  ProviderStatus,
} from '@openfeature/server-sdk';
import { createTestClient } from '@switchyard/sdk-node';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
  usersAround,
} from '@switchyard/test-support/switchyard-server';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { SwitchyardProvider } from '../../src/server.js';
import { providerFor, readyClient, register } from '../support/open-feature-server.js';

// Provider events an application sees through OpenFeature, driven by a real server and its admin API.

const WAIT = { timeout: 5_000, interval: 20 };
let server: SwitchyardServer;

beforeEach(async () => {
  server = await startSwitchyard();
  await server.putFlag(booleanFlag('new-checkout', 0));
  await server.putFlag(booleanFlag('checkout-api', 0));
  await server.putFlag(
    booleanFlag('checkout-ui', 100, { prerequisites: [{ flag: 'checkout-api', variant: 'on' }] }),
  );
});
afterEach(async () => {
  await OpenFeature.clearProviders();
  await server.close();
});

/** Every event of `type` the client sees from now on. */
function collect(client: Client, type: ProviderEvents): EventDetails[] {
  const seen: EventDetails[] = [];
  client.addHandler(type, (details) => seen.push(details as EventDetails));
  return seen;
}

describe('READY', () => {
  it('comes once the first ruleset arrived, and handlers added later run at once', async () => {
    const provider = providerFor(server);
    const { client, initialized } = register(provider);
    const ready = collect(client, ProviderEvents.Ready);
    expect(client.providerStatus).toBe(ProviderStatus.NOT_READY);
    await initialized;
    expect(ready).toHaveLength(1);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(provider.client.status().state).toBe('valid');
    expect(collect(client, ProviderEvents.Ready)).toHaveLength(1);
  });

  it('wraps a client made elsewhere, such as a test client, and leaves it open on close', async () => {
    const flags = createTestClient({ flags: { 'new-checkout': true } });
    const { client, initialized } = register(new SwitchyardProvider({ client: flags }));
    await initialized;
    expect(await client.getBooleanDetails('new-checkout', false, { targetingKey: 'u-1' })).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'DEFAULT',
    });
    const changed = collect(client, ProviderEvents.ConfigurationChanged);
    flags.set('new-checkout', false);
    expect(changed).toEqual([expect.objectContaining({ flagsChanged: ['new-checkout'] })]);
    await OpenFeature.clearProviders();
    expect(flags.status().state).toBe('valid');
  });
});

describe('ERROR', () => {
  it.each([
    ['an unknown key', async () => 'sy_not_a_real_key'],
    ['a client key', async () => server.createKey('client')],
  ])('is fatal for %s: setProviderAndWait rejects and evaluations answer the default', async (_, key) => {
    const provider = providerFor(server, { sdkKey: await key() });
    const { client, initialized } = register(provider);
    const errors = collect(client, ProviderEvents.Error);
    await expect(initialized).rejects.toMatchObject({ code: ErrorCode.PROVIDER_FATAL });
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/40[13]/) })]);
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-1' })).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: ErrorCode.PROVIDER_FATAL,
    });
  });

  it('reports a server that is down with no flags yet, answers PROVIDER_NOT_READY, then READY when it is up', async () => {
    await server.stop();
    const provider = providerFor(server, { timeoutMs: 300 });
    const { client, initialized } = register(provider);
    const errors = collect(client, ProviderEvents.Error);
    const ready = collect(client, ProviderEvents.Ready);
    await expect(initialized).rejects.toMatchObject({ code: ErrorCode.GENERAL });
    expect(errors).toHaveLength(1);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-1' })).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: ErrorCode.PROVIDER_NOT_READY,
    });

    await server.start();
    await vi.waitFor(() => expect(ready).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-1' })).toMatchObject({
      value: false,
      variant: 'off',
    });
  });
});

describe('STALE', () => {
  it('comes when the stream is lost while the last flags keep being served, and READY when it is back', async () => {
    const { client } = await readyClient(server);
    const stale = collect(client, ProviderEvents.Stale);
    const ready = collect(client, ProviderEvents.Ready);
    ready.length = 0; // the handler ran at once for the READY provider

    await server.stop();
    await vi.waitFor(() => expect(stale).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(stale[0]?.message).toBeTruthy();
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-1' })).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'SPLIT',
    });

    await server.start();
    await vi.waitFor(() => expect(ready).toHaveLength(1), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(stale).toHaveLength(1);
  });

  it('comes after READY when flags from the cache file are served while the server is down', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'switchyard-cache-'));
    onTestFinished(() => rmSync(cacheDir, { recursive: true, force: true }));
    const cacheFile = join(cacheDir, 'flags.json');
    const first = await readyClient(server, { cacheFile });
    await first.provider.onClose();
    await server.stop();

    const { client, initialized } = register(providerFor(server, { cacheFile, timeoutMs: 300 }));
    const events: string[] = [];
    for (const type of [ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Error])
      client.addHandler(type, () => events.push(type));
    await initialized;
    await vi.waitFor(() => expect(events).toEqual([ProviderEvents.Ready, ProviderEvents.Stale]), WAIT);
    expect(client.providerStatus).toBe(ProviderStatus.STALE);
    expect(await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-1' })).toMatchObject({
      value: false,
      variant: 'off',
    });

    await server.start();
    await vi.waitFor(() => expect(client.providerStatus).toBe(ProviderStatus.READY), WAIT);
    expect(events).toEqual([ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Ready]);
  });
});

describe('CONFIGURATION_CHANGED', () => {
  it('names the flags a ramp through the admin API changed, and the new values are served', async () => {
    const { client } = await readyClient(server);
    const changed = collect(client, ProviderEvents.ConfigurationChanged);
    const { inside, outside } = usersAround('new-checkout', 25);

    await server.ramp('new-checkout', 25);
    await vi.waitFor(() => expect(changed).toHaveLength(1), WAIT);
    expect(changed[0]?.flagsChanged).toEqual(['new-checkout']);
    expect(await client.getBooleanValue('new-checkout', false, { targetingKey: inside })).toBe(true);
    expect(await client.getBooleanValue('new-checkout', false, { targetingKey: outside })).toBe(false);
  });

  it('names the flags that depend on a changed prerequisite too', async () => {
    const { client } = await readyClient(server);
    const changed = collect(client, ProviderEvents.ConfigurationChanged);
    expect((await client.getBooleanDetails('checkout-ui', false, { targetingKey: 'u-1' })).reason).toBe(
      'DISABLED',
    );

    await server.ramp('checkout-api', 100);
    await vi.waitFor(() => expect(changed).toHaveLength(1), WAIT);
    expect(changed[0]?.flagsChanged).toEqual(['checkout-api', 'checkout-ui']);
    expect(await client.getBooleanDetails('checkout-ui', false, { targetingKey: 'u-1' })).toMatchObject({
      value: true,
      reason: 'SPLIT',
    });
  });

  it('stops once the provider is closed', async () => {
    const { client, provider } = await readyClient(server);
    const changed = collect(client, ProviderEvents.ConfigurationChanged);
    await OpenFeature.clearProviders();
    expect(provider.client.status().state).toBe('closed');
    await server.ramp('new-checkout', 50);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changed).toEqual([]);
  });
});
