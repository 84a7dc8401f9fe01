import { EventSource } from 'eventsource';
import type { BrowserClientOptions } from '../../src/client/browser-client.js';

/**
 * Client options that reach `server` (the fake one or a real one: Node has no EventSource of its
 * own), reconnect quickly and flush only when told.
 */
export function optionsFor(
  server: { readonly url: string; readonly clientKey: string },
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
