import { ErrorCode, ProviderEvents as ServerEvents } from '@openfeature/server-sdk';
import { ProviderEvents as WebEvents } from '@openfeature/web-sdk';
import { describe, expect, it } from 'vitest';
import { providerStateEvent } from '../../src/mapping/provider-state.js';

describe('providerStateEvent', () => {
  it.each([
    ['ready', { event: 'Ready' }],
    ['stale', { event: 'Stale', details: { message: 'down' } }],
    ['error', { event: 'Error', details: { message: 'down' } }],
    ['fatal', { event: 'Error', details: { message: 'down', errorCode: ErrorCode.PROVIDER_FATAL } }],
  ] as const)('announces %s as %o', (state, expected) => {
    expect(providerStateEvent(state, 'down')).toEqual(expected);
  });

  it('names events that both SDKs define with the same value', () => {
    for (const event of ['Ready', 'Stale', 'Error'] as const) {
      expect(ServerEvents[event]).toBe(WebEvents[event]);
    }
  });
});
