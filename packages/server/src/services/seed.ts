import { booleanFlagAt } from '@switchyard/shared';
import type { FlagStore } from '../store/types.js';
import { createFlagService } from './flags.js';

const SYSTEM = { keyId: 'system', name: 'server start' };

/** `production` is critical: the console sends its changes through "Review and apply". */
export const DEFAULT_ENVIRONMENTS = [
  { key: 'development', name: 'Development' },
  { key: 'production', name: 'Production', critical: true },
] as const;

/** Creates `development` and `production` in an empty store; returns true on that first start. */
export async function seedEnvironments(store: FlagStore): Promise<boolean> {
  if ((await store.listEnvironments()).length > 0) return false;
  for (const env of DEFAULT_ENVIRONMENTS) {
    await store.createEnvironment(
      { ...env, createdAt: new Date().toISOString() },
      { actor: SYSTEM, action: 'environment.create' },
    );
  }
  return true;
}

/** The demo flag of the quick start: `new-checkout`, a 5% canary in production, off in development. */
export async function seedDemo(store: FlagStore): Promise<void> {
  const flags = createFlagService(store);
  for (const [env, percentage] of [
    ['development', 0],
    ['production', 5],
  ] as const) {
    await flags.put(
      env,
      'new-checkout',
      {
        description: 'New checkout flow (demo)',
        tags: ['checkout', 'demo'],
        ...booleanFlagAt(percentage),
      },
      undefined,
      SYSTEM,
    );
  }
}
