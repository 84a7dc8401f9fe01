import { useSyncExternalStore } from 'react';
import type { FlagsStatus } from '../client/flag-value-store.js';
import { useFlagsClient } from './flags-context.js';

/** `{ ready, error }` of the provider's client; re-renders when either changes. */
export function useFlagsStatus(): FlagsStatus {
  const { store } = useFlagsClient();
  return useSyncExternalStore(store.subscribeStatus, store.getStatus, store.getInitialStatus);
}
