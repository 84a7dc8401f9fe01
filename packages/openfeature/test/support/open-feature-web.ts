import { type Client, type EvaluationContext, OpenFeature } from '@openfeature/web-sdk';
import type { SwitchyardServer } from '@switchyard/test-support/switchyard-server';
import { EventSource } from 'eventsource';
import { SwitchyardWebProvider, type SwitchyardWebProviderOptions } from '../../src/web.js';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
OpenFeature.setLogger(silent);

let domains = 0;

/** A web provider for `server` (Node has no EventSource of its own), flushing counts only when closed. */
export function webProviderFor(
  server: SwitchyardServer,
  options: Partial<SwitchyardWebProviderOptions> = {},
): SwitchyardWebProvider {
  return new SwitchyardWebProvider({
    url: server.url,
    clientKey: server.clientKey,
    EventSource,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    flushIntervalMs: 60_000,
    timeoutMs: 2_000,
    ...options,
  } as SwitchyardWebProviderOptions);
}

/**
 * Registers `provider` under a domain of its own with `context` as that domain's static context, and
 * returns the domain, its client and the promise of `setProviderAndWait`.
 */
export function registerWeb(
  provider: SwitchyardWebProvider,
  context: EvaluationContext = {},
): { domain: string; client: Client; initialized: Promise<void> } {
  const domain = `switchyard-web-${++domains}`;
  void OpenFeature.setContext(domain, context);
  const initialized = OpenFeature.setProviderAndWait(domain, provider);
  return { domain, client: OpenFeature.getClient(domain), initialized };
}

/** Registers a web provider for `server` with `context` and waits until it is ready. */
export async function readyWebClient(server: SwitchyardServer, context: EvaluationContext = {}) {
  const provider = webProviderFor(server);
  const registered = registerWeb(provider, context);
  await registered.initialized;
  return { ...registered, provider };
}
