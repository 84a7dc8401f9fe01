import type { Context } from '@switchyard/shared';
import { type ReactElement, type ReactNode, useEffect, useMemo, useRef } from 'react';
import {
  type BrowserClient,
  type BrowserClientOptions,
  createBrowserClient,
} from '../client/browser-client.js';
import { contextIdentity } from '../client/context-encoding.js';
import { FlagsContext } from './flags-context.js';

/**
 * Either the options of a client the provider makes, starts and stops itself, or a `client` made
 * with `createBrowserClient` that the caller starts and closes.
 */
export type FlagProviderProps = { children?: ReactNode } & (
  | (Omit<BrowserClientOptions, 'autoStart'> & { client?: undefined })
  | { client: BrowserClient; context?: Context }
);

/**
 * Makes flags available to the hooks below it. Its client connects after mount (never during
 * server rendering), starts from `bootstrap` when given, and re-evaluates whenever `context`
 * changes by value. The other options are read on mount only; give the provider a new `key` to
 * change them.
 */
export function FlagProvider(props: FlagProviderProps): ReactElement {
  const owned = useRef<BrowserClient | undefined>(undefined);
  if (props.client === undefined && owned.current === undefined) {
    const { children: _children, client: _client, ...options } = props;
    owned.current = createBrowserClient({ ...options, autoStart: false });
  }
  const client = props.client ?? (owned.current as BrowserClient);
  const ownClient = props.client === undefined ? owned.current : undefined;

  useEffect(() => {
    if (ownClient === undefined) return;
    ownClient.start();
    return () => void ownClient.stop();
  }, [ownClient]);

  const context = props.context;
  const identity = context === undefined ? undefined : contextIdentity(context);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the context's value, as callers pass a new object every render
  useEffect(() => {
    if (context !== undefined) void client.setContext(context);
  }, [client, identity]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: same: a re-render with an equal context must not re-render every flag reader
  const value = useMemo(() => ({ client, context }), [client, identity]);

  return <FlagsContext.Provider value={value}>{props.children}</FlagsContext.Provider>;
}
