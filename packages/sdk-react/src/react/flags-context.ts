import type { Context } from '@switchyard/shared';
import { createContext, useContext } from 'react';
import type { BrowserClient } from '../client/browser-client.js';

export interface FlagsContextValue {
  client: BrowserClient;
  /** The provider's context as rendered (undefined: whatever the client holds). */
  context: Context | undefined;
}

export const FlagsContext = createContext<FlagsContextValue | null>(null);

export function useFlagsContext(): FlagsContextValue {
  const value = useContext(FlagsContext);
  if (value === null)
    throw new Error('Switchyard: flag hooks and <Feature> must be rendered inside <FlagProvider>');
  return value;
}

/** The provider's browser client, for `recordError`, `recordLatency` and the like. */
export function useFlagsClient(): BrowserClient {
  return useFlagsContext().client;
}
