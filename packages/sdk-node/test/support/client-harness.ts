import type { ClientEvents, ClientOptions, SwitchyardClient } from '../../src/index.js';
import type { Logger } from '../../src/logger.js';

/** A logger that keeps what it is told, so tests can read what a user would see in their logs. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, debug: () => {}, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** Test-friendly timings: quick reconnects and a short ready timeout, no metrics unless asked. */
export function fastOptions(url: string, sdkKey: string, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    url,
    sdkKey,
    timeoutMs: 2_000,
    reconnectDelayMs: 50,
    maxReconnectDelayMs: 200,
    sendEvents: false,
    logger: recordingLogger(),
    ...extra,
  };
}

/** Resolves with the next event `event` whose arguments pass `accept`, or rejects after `ms`. */
export function nextEvent<E extends keyof ClientEvents>(
  client: SwitchyardClient,
  event: E,
  accept: (...args: ClientEvents[E]) => boolean = () => true,
  ms = 5_000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${event}" event within ${ms} ms`));
    }, ms);
    const off = client.on(event, (...args) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/** Polls `check` until it returns true, or rejects after `ms`. */
export async function eventually(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
