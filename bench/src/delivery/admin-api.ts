// The few admin API calls the delivery benchmarks make to set up an environment, over real HTTP.

import { booleanFlagAt } from '@switchyard/shared';

export interface AdminApi {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Creates an API key of `kind` for `environment` and returns its secret (shown only at creation). */
  createKey(kind: 'server' | 'client', environment: string): Promise<string>;
}

export function adminApi(baseUrl: string, token: string): AdminApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    call,
    async createKey(kind, environment) {
      const key = await call<{ secret: string }>('POST', '/keys', {
        kind,
        environment,
        name: `bench ${kind} key`,
      });
      return key.secret;
    },
  };
}

/** A boolean flag document (no version) serving `on` to `percentage` percent of users. */
export function booleanRollout(key: string, percentage: number) {
  return { key, ...booleanFlagAt(percentage) };
}
