import { rulesetResponseSchema } from '@switchyard/shared';
import { SwitchyardError } from '../errors.js';
import { type Delivery, type DeliverySink, isUnauthorized } from './delivery.js';
import type { HttpTransport } from './http-transport.js';
import { parseMessage } from './parse-message.js';
import { unauthorized } from './streaming.js';

/** `?epoch=1`: the ruleset carries the store epoch (see ruleset-store.ts). */
export const RULESET_PATH = 'sdk/v1/ruleset?epoch=1';

export interface PollingOptions {
  transport: HttpTransport;
  sink: DeliverySink;
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Fetches `GET /sdk/v1/ruleset` now and every `intervalMs`, with `If-None-Match` so that an unchanged
 * ruleset costs a 304. Stops for good on 401/403.
 */
export function startPolling(options: PollingOptions): Delivery {
  const { transport, sink } = options;
  let stopped = false;
  let etag: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function poll(): Promise<boolean> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (etag !== undefined) headers['if-none-match'] = etag;
    try {
      const response = await transport.request(RULESET_PATH, { headers, timeoutMs: options.timeoutMs });
      if (stopped) return false;
      if (response.status === 304) {
        sink.confirmed();
      } else if (response.status === 200) {
        sink.put(parseMessage(rulesetResponseSchema, response.body, 'ruleset response'));
        const tag = response.headers.etag;
        etag = typeof tag === 'string' ? tag : undefined;
      } else if (isUnauthorized(response.status)) {
        sink.unauthorized(unauthorized(response.status));
        return false;
      } else {
        const status = response.status;
        sink.interrupted(new SwitchyardError('HTTP_STATUS', `the ruleset answered ${status}`, { status }));
      }
    } catch (err) {
      if (stopped) return false;
      sink.interrupted(err instanceof SwitchyardError ? err : new SwitchyardError('NETWORK', String(err)));
    }
    return true;
  }

  const loop = async (): Promise<void> => {
    if (stopped || !(await poll()) || stopped) return;
    timer = setTimeout(loop, options.intervalMs);
    timer.unref();
  };
  void loop();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
