import { EventSource } from 'eventsource';
import type { BrowserClientOptions } from '../../src/client/browser-client.js';
import type { FakeFlagServer } from './fake-flag-server.js';

/** Client options that reach `server`, reconnect quickly and flush only when told. */
export function optionsFor(
  server: FakeFlagServer,
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
