import { randomBytes } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'LOCK';

export interface DirLock {
  release(): Promise<void>;
}

/**
 * Claims a data directory for this process: `LOCK` holds the owner's pid. A lock left by a process
 * that no longer runs is taken over; one held by a live process (this one included) is refused.
 *
 * The file is written in full under a temp name and hard-linked into place, because link(2) fails
 * when the target exists: the lock appears atomically and never half-written. Two processes taking
 * over the same stale lock at the same instant could both succeed; the pid check after taking it
 * narrows that window to a few microseconds, which is acceptable for an operator mistake.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const temp = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const content = `${process.pid}\n`;
  await writeFile(temp, content, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, path);
        if ((await readFile(path, 'utf8')) !== content) continue;
        return { release: () => rm(path, { force: true }) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = await readOwner(path);
      if (owner !== undefined && isRunning(owner)) {
        throw new Error(
          `${dir} is in use by process ${owner} (${path}). Stop that server first; if no such server ` +
            'is running, delete the lock file.',
        );
      }
      // The owner is gone (or never finished writing the file): take the lock over.
      await rm(path, { force: true });
    }
    throw new Error(`could not lock ${dir}: another process keeps taking ${path}`);
  } finally {
    await rm(temp, { force: true });
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  try {
    const match = /^(\d+)\n?$/.exec(await readFile(path, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
