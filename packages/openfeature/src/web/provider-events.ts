import { type OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/web-sdk';
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
    case 'fatal':
      events.emit(ProviderEvents.Error, { message });
      break;
  }
}
