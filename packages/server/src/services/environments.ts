import { ApiError } from '../errors.js';
import type { FlagStore } from '../store/types.js';

/** Throws the 404 every environment-scoped route and service answers for an unknown environment. */
export async function requireEnvironment(store: FlagStore, env: string): Promise<void> {
  if ((await store.getEnvironment(env)) === undefined) {
    throw new ApiError('SY_ERR_ENVIRONMENT_NOT_FOUND', `No environment "${env}"`);
  }
}
