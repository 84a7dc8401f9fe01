import { readFile } from 'node:fs/promises';
import { ConfigError } from './config/config.js';
import { openStore } from './open-store.js';
import {
  acceptStore,
  restoreSnapshot,
  type StoreSnapshot,
  storeSnapshotSchema,
} from './services/store-recovery.js';
import { resolveConfig } from './start.js';

export const RESTORE_USAGE =
  'switchyard-server restore --from-instance <url> [--token <admin token>] | --from-file <snapshot.json> | --accept-empty';

/**
 * `switchyard-server restore`: writes a snapshot into the configured store (REDIS_URL, or DATA_DIR
 * when no server holds it) under a new epoch, which every running instance adopts within a second:
 * from a running instance's memory (`GET /api/v1/store/export`, with SWITCHYARD_ADMIN_TOKEN or
 * `--token`), from a snapshot file, or, with `--accept-empty`, the store as it is.
 */
export async function restoreCommand(args: string[], log: (line: string) => void): Promise<void> {
  const option = (name: string) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const value = args[at + 1];
    if (value === undefined || value.startsWith('--'))
      throw new ConfigError(`${name} needs a value. Usage: ${RESTORE_USAGE}`);
    return value;
  };
  const fromInstance = option('--from-instance');
  const fromFile = option('--from-file');
  const acceptEmpty = args.includes('--accept-empty');
  if ([fromInstance, fromFile, acceptEmpty || undefined].filter((x) => x !== undefined).length !== 1)
    throw new ConfigError(`Name exactly one source. Usage: ${RESTORE_USAGE}`);

  const config = resolveConfig({});
  const snapshot = acceptEmpty
    ? undefined
    : fromFile !== undefined
      ? parseSnapshot(await readFile(fromFile, 'utf8'), fromFile)
      : await exportOf(fromInstance ?? '', option('--token') ?? config.adminToken);
  const store = await openStore(config);
  try {
    if (snapshot === undefined) {
      const epoch = await acceptStore(store);
      log(`Accepted the store as it is: new epoch ${epoch.id}. Instances take it within a second.`);
      return;
    }
    const epoch = await restoreSnapshot(store, snapshot);
    const flags = snapshot.environments.reduce((n, e) => n + e.flags.length, 0);
    log(
      `Restored ${snapshot.environments.length} environments and ${flags} flags: new epoch ${epoch.id}. ` +
        'Instances take it within a second.',
    );
  } finally {
    await store.close();
  }
}

function parseSnapshot(text: string, from: string): StoreSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`${from} is not JSON`);
  }
  const parsed = storeSnapshotSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`${from} is not a Switchyard store snapshot: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.environments.length === 0)
    throw new ConfigError(`${from} holds no environment: nothing to restore`);
  return parsed.data;
}

async function exportOf(instance: string, token: string | undefined): Promise<StoreSnapshot> {
  if (token === undefined)
    throw new ConfigError('--from-instance needs an admin token: SWITCHYARD_ADMIN_TOKEN or --token');
  const url = new URL('api/v1/store/export', instance.endsWith('/') ? instance : `${instance}/`);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new ConfigError(`${url} answered ${res.status}: ${await res.text()}`);
  return parseSnapshot(await res.text(), String(url));
}
