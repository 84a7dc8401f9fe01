import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type RulesetResponse, rulesetResponseSchema } from '@switchyard/shared';
import { parseMessage } from '../delivery/parse-message.js';
import { describeError, SwitchyardError } from '../errors.js';

/**
 * The last good ruleset on disk, so that a service that starts while the flag server is down serves
 * what it served before rather than defaults.
 */
export interface CacheFile {
  /** The cached ruleset; null when there is none or it cannot be used (reported through `onError`). */
  read(): Promise<RulesetResponse | null>;
  /** Schedules writing `ruleset`; writes are serialized and only the newest pending one is written. */
  write(ruleset: () => RulesetResponse): void;
  /** Settles when every scheduled write has finished. */
  settled(): Promise<void>;
}

export function createCacheFile(path: string, onError: (error: SwitchyardError) => void): CacheFile {
  let pending: (() => RulesetResponse) | null = null;
  let writing: Promise<void> | null = null;
  let sequence = 0;

  async function writeAtomically(ruleset: RulesetResponse): Promise<void> {
    // Write a temp file next to the target, flush it to disk, then rename over the target: a reader
    // (or a crash) sees the old file or the new one, never half of one.
    const temp = `${path}.${process.pid}.${++sequence}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(ruleset));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {});
      onError(
        new SwitchyardError('CACHE_FILE', `cannot write ${path}: ${describeError(err)}`, { cause: err }),
      );
    }
  }

  async function drain(): Promise<void> {
    while (pending !== null) {
      const next = pending;
      pending = null;
      await writeAtomically(next());
    }
    writing = null;
  }

  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        if (!missing) {
          onError(
            new SwitchyardError('CACHE_FILE', `cannot read ${path}: ${describeError(err)}`, { cause: err }),
          );
        }
        return null;
      }
      try {
        return parseMessage(rulesetResponseSchema, text, `cache file ${path}`);
      } catch (err) {
        onError(new SwitchyardError('CACHE_FILE', describeError(err), { cause: err }));
        return null;
      }
    },

    write(ruleset) {
      pending = ruleset;
      writing ??= drain();
    },

    async settled() {
      await writing;
    },
  };
}
