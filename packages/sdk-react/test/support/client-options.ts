import type { SwitchyardServer } from '@switchyard/test-support/switchyard-server';
import { EventSource } from 'eventsource';
import type { BrowserClientOptions } from '../../src/client/browser-client.js';

/** Client options that reach `server` (Node has no EventSource of its own) and flush only when told. */
export function clientOptions(
  server: SwitchyardServer,
  overrides: Partial<BrowserClientOptions> = {},
): Omit<BrowserClientOptions, 'autoStart'> {
  return {
    url: server.url,
    clientKey: server.clientKey,
    EventSource,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    flushIntervalMs: 60_000,
    ...overrides,
  };
}
