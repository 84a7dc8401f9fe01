import { ErrorCode, type OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/server-sdk';
import type { ProviderState } from '../mapping/provider-state.js';

export function emitProviderState(
  events: OpenFeatureEventEmitter,
  state: ProviderState,
  message: string | undefined,
): void {
  switch (state) {
    case 'ready':
      events.emit(ProviderEvents.Ready);
      break;
    case 'stale':
      events.emit(ProviderEvents.Stale, { message });
      break;
    case 'error':
      events.emit(ProviderEvents.Error, { message });
      break;
    case 'fatal':
      events.emit(ProviderEvents.Error, { message, errorCode: ErrorCode.PROVIDER_FATAL });
      break;
  }
}
