import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../../../src/store/file/file-store.js';
import { HISTORY_KEPT } from '../../../src/store/limits.js';

const here = dirname(fileURLToPath(import.meta.url));
const serverPackage = join(here, '..', '..', '..');
const ROUNDS = 6;
/** Small, so that kills also land in the middle of snapshot writes and journal resets. */
const COMPACT_EVERY = 37;

interface Round {
  lastAcknowledged: number;
  startedAt: number;
  stderr: string;
}

/** Runs the writer until it has acknowledged `target` writes past where it started, then SIGKILLs it. */
function runAndKill(dir: string, target: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@switchyard/source',
        '--import',
        'tsx',
        join(here, 'crash-writer.mjs'),
        dir,
        String(COMPACT_EVERY),
      ],
      { cwd: serverPackage, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const round: Round = { lastAcknowledged: -1, startedAt: -1, stderr: '' };
    let buffered = '';
    let killed = false;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the writer did not reach ${target} writes in time: ${round.stderr}`));
    }, 15_000);
    child.stderr.on('data', (chunk) => {
      round.stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const ready = /^ready (\d+)$/.exec(line);
        if (ready) round.startedAt = Number(ready[1]);
        else round.lastAcknowledged = Number(line);
      }
      if (!killed && round.startedAt >= 0 && round.lastAcknowledged >= round.startedAt + target) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && killed) resolve(round);
      else reject(new Error(`the writer exited by itself (code ${code}, signal ${signal}): ${round.stderr}`));
    });
  });
}

describe('FileStore under kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-kill9-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and opens cleanly after each kill', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      // A random number of writes, so each kill lands at a different point of a write or compaction.
      const target = 5 + Math.floor(Math.random() * 150);
      const { lastAcknowledged, startedAt } = await runAndKill(dir, target);
      const context = `round ${round}: started at ${startedAt}, killed after ${lastAcknowledged}`;

      // The killed writer's lock is stale; opening takes it over.
      const store = await createFileStore({ dir, compactEvery: COMPACT_EVERY });
      try {
        await store.checkReady();
        const flag = await store.getFlag('production', 'crash');
        const version = flag?.version ?? 0;
        // Everything acknowledged is there; at most the one write in flight got further.
        expect([lastAcknowledged, lastAcknowledged + 1], context).toContain(version);
        expect(flag?.description, context).toBe(`write ${version}`);
        const ruleset = await store.getRuleset('production');
        expect(ruleset.revision, context).toBe(version);
        const history = await store.flagHistory('production', 'crash');
        expect(
          history.map((f) => f.version),
          context,
        ).toEqual(Array.from({ length: Math.min(version, HISTORY_KEPT) }, (_, i) => version - i));
        const changes = await store.changesSince('production', Math.max(0, version - 20));
        expect(
          changes?.map((c) => c.revision),
          context,
        ).toEqual(
          Array.from({ length: Math.min(version, 20) }, (_, i) => version - Math.min(version, 20) + i + 1),
        );
        expect(await store.listAudit({ flag: 'crash', limit: 1 }), context).toMatchObject([
          { after: { version } },
        ]);
      } finally {
        await store.close();
      }
    }
  }, 90_000);
});
