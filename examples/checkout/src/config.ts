/** Where the flags come from and who is shopping. */
export interface CheckoutConfig {
  /** Base URL of the Switchyard server. */
  url: string;
  /** A client key of the environment, or null when none was given. */
  clientKey: string | null;
  /** The signed-in user the flags are evaluated for. */
  userId: string;
}

/** Shoppers to switch between. At the demo's 5% only mallory gets the new checkout; at 25% alice too. */
export const USERS = ['mallory', 'alice', 'carol', 'bob'] as const;

const DEFAULT_URL = 'http://127.0.0.1:4242';

/**
 * Reads `?server=`, `?key=` and `?user=` from the page's query string, falling back to the
 * `VITE_SWITCHYARD_URL` and `VITE_SWITCHYARD_CLIENT_KEY` the app was built with. The query string
 * lets one build talk to any server, which is how the end-to-end test points it at its own.
 */
export function readConfig(search: string, env: ImportMetaEnv): CheckoutConfig {
  const query = new URLSearchParams(search);
  return {
    url: query.get('server') || env.VITE_SWITCHYARD_URL || DEFAULT_URL,
    clientKey: query.get('key') || env.VITE_SWITCHYARD_CLIENT_KEY || null,
    userId: query.get('user') || USERS[0],
  };
}
