import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { type ClientOptions, consoleLogger } from '@switchyard/sdk-node';
import type { SwitchyardServer } from '@switchyard/test-support/switchyard-server';
import { SwitchyardProvider } from '../../src/server.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
OpenFeature.setLogger(silent);

let domains = 0;

/**
 * Registers `provider` with OpenFeature under a domain of its own, so tests in one file do not share
 * a provider, and returns that domain's client with the promise of `setProviderAndWait`.
 */
export function register(provider: SwitchyardProvider): { client: Client; initialized: Promise<void> } {
  const domain = `switchyard-${++domains}`;
  const initialized = OpenFeature.setProviderAndWait(domain, provider);
  return { client: OpenFeature.getClient(domain), initialized };
}

/** A provider over a new Node client of `server`, with quick timings and no logging. */
export function providerFor(
  server: SwitchyardServer,
  options: Partial<ClientOptions> = {},
): SwitchyardProvider {
  return new SwitchyardProvider({
    url: server.url,
    sdkKey: server.serverKey,
    sendEvents: false,
    timeoutMs: 2_000,
    reconnectDelayMs: 20,
    maxReconnectDelayMs: 100,
    logger: consoleLogger('silent'),
    ...options,
  });
}

/** Registers a provider for `server` and waits until it is ready. */
export async function readyClient(server: SwitchyardServer, options: Partial<ClientOptions> = {}) {
  const provider = providerFor(server, options);
  const { client, initialized } = register(provider);
  await initialized;
  return { client, provider };
}
