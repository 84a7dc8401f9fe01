import type { Flag } from '@switchyard/shared';
import { ApiError } from '../errors.js';
import type { Actor } from '../store/types.js';

/** The audit actor of every write the server's flags file (`FLAGS_FILE`) makes. */
export const FLAGS_FILE_ACTOR: Actor = { keyId: 'flags-file', name: 'flags file' };

/**
 * Changes people may still make to a flag the flags file owns: the kill switch, so that an incident
 * is never waiting on a merge (triggers use it too). Everything else is changed in the file.
 */
const KILL_SWITCH_ACTIONS: ReadonlySet<string> = new Set(['flag.enable', 'flag.disable']);

/** Refuses (409 `SY_ERR_MANAGED`, naming the file) a change to a flag the flags file owns. */
export function assertNotManaged(flag: Flag | undefined, action: string): void {
  if (flag?.managedBy === undefined || KILL_SWITCH_ACTIONS.has(action)) return;
  throw new ApiError(
    'SY_ERR_MANAGED',
    `"${flag.key}" is managed by ${flag.managedBy.file}; change it there (the kill switch and triggers still work)`,
    { file: flag.managedBy.file },
  );
}
