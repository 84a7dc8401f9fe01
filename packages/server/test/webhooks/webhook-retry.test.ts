import type { WebhookDelivery } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  MAX_RETRY_DELAY_MS,
  RETRY_WINDOW_MS,
  retryDelayMs,
} from '../../src/services/webhooks/webhook-runner.js';
import { isPrivateAddress } from '../../src/services/webhooks/webhook-target.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const pending: WebhookDelivery = {
  id: 'd1',
  webhookId: 'w1',
  event: {
    id: 'e1',
    type: 'flag.changed',
    environment: 'production',
    flag: 'f',
    at: new Date(T0).toISOString(),
    actor: { keyId: 'k', name: 'Ada' },
    action: 'flag.rollout',
  },
  status: 'pending',
  attempts: 0,
  lastResponseCode: null,
  lastError: null,
  lastResponseBody: null,
  createdAt: new Date(T0).toISOString(),
  lastAttemptAt: null,
  nextAttemptAt: new Date(T0).toISOString(),
  revision: 1,
};
const down = { status: 503, error: null, body: 'maintenance' };

describe('webhook retries', () => {
  it('back off exponentially from the base, with jitter between half and all of the wait, capped', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5_000, () => 1))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5_000, () => 0))).toEqual([2_500, 5_000, 10_000, 20_000]);
    expect(retryDelayMs(40, 5_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('keep a failing delivery pending for more than an hour (a day), then give it up', () => {
    let delivery = pending;
    let clock = T0;
    while (delivery.status === 'pending') {
      delivery = afterAttempt(delivery, down, clock, 5_000);
      if (delivery.nextAttemptAt !== null) clock = Date.parse(delivery.nextAttemptAt);
    }
    expect(delivery.status).toBe('failed');
    expect(clock - T0).toBeGreaterThan(RETRY_WINDOW_MS - MAX_RETRY_DELAY_MS);
    expect(RETRY_WINDOW_MS).toBeGreaterThanOrEqual(3_600_000);
    expect(delivery).toMatchObject({ lastResponseCode: 503, lastError: 'answered 503', nextAttemptAt: null });
    expect(delivery.attempts).toBeGreaterThan(20);
  });

  it('marks a 2xx delivered with no next attempt', () => {
    expect(afterAttempt(pending, { status: 204, error: null, body: '' }, T0, 5_000)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastResponseCode: 204,
      lastError: null,
      nextAttemptAt: null,
      revision: 2,
    });
  });

  it('knows the private ranges WEBHOOK_DENY_PRIVATE refuses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.5',
      '172.20.1.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '172.32.0.1'])
      expect(isPrivateAddress(address), address).toBe(false);
  });
});
