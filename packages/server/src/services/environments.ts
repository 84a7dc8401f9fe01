import { ApiError } from '../errors.js';
import type { FlagStore } from '../store/types.js';

/** Throws the 404 every environment-scoped route and service answers for an unknown environment. */
export async function requireEnvironment(store: FlagStore, env: string): Promise<void> {
  if ((await store.getEnvironment(env)) === undefined) {
    throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND', `No environment "${env}"`);
  }
}

/**
 * A document read in an environment, with the environment checked only when there is no document: a
 * document is stored only in an environment that exists (the write script checks it), so a found one
 * proves it, and a write of an existing document costs no read of the environment.
 */
export async function readInEnvironment<T>(
  store: FlagStore,
  env: string,
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const document = await read();
  if (document === undefined) await requireEnvironment(store, env);
  return document;
}
