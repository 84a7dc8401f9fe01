import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStoreFromUrl } from '../../../src/store/create-store-from-url.js';
import { createFileStore } from '../../../src/store/file/file-store.js';
import type { FlagStore } from '../../../src/store/types.js';
import { withProduction, writeVersions } from '../store-helpers.js';

let dir: string;
const open: FlagStore[] = [];
const openStore = async (options: { compactEvery?: number } = {}) => {
  const store = await createFileStore({ dir, ...options });
  open.push(store);
  return store;
};

/** A process that is alive for the duration of a test, and its pid. */
function liveProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid ?? 0, stop: () => child.kill('SIGKILL') };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-file-'));
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('FileStore journal', () => {
  it('ignores a torn last line on open, and writes on cleanly after it', async () => {
    const store = await withProduction(await openStore());
    await writeVersions(store, 'a', 1, 3);
    await store.close();
    // What a crash in the middle of a write leaves: part of a line and no newline.
    await appendFile(join(dir, 'journal.ndjson'), '{"seq":5,"record":{"type":"change","change":{"environ');

    const again = await openStore();
    expect((await again.getFlag('production', 'a'))?.version).toBe(3);
    await writeVersions(again, 'a', 4, 5);
    await again.close();

    const third = await openStore();
    expect((await third.getFlag('production', 'a'))?.version).toBe(5);
    expect((await third.flagHistory('production', 'a')).map((f) => f.version)).toEqual([5, 4, 3, 2, 1]);
    expect((await third.getRuleset('production')).revision).toBe(5);
  });

  it('refuses to open a journal damaged in the middle, naming the line', async () => {
    const store = await withProduction(await openStore());
    await writeVersions(store, 'a', 1, 3);
    await store.close();
    const path = join(dir, 'journal.ndjson');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[1] = '{"seq":2,"record":garbage}';
    await writeFile(path, lines.join('\n'));

    await expect(openStore()).rejects.toThrow(/journal\.ndjson: line 2 is damaged/);
    // The refused open released its lock: once repaired by hand, the directory opens.
    lines.splice(1, lines.length - 1, '');
    await writeFile(path, lines.join('\n'));
    const repaired = await openStore();
    expect(await repaired.getEnvironment('production')).toBeDefined();
  });

  it('compacts into a snapshot and keeps everything across it', async () => {
    const store = await withProduction(await openStore({ compactEvery: 5 }));
    await writeVersions(store, 'a', 1, 12);
    await store.close();
    expect(await readdir(dir)).toContain('state.json');
    const journalLines = (await readFile(join(dir, 'journal.ndjson'), 'utf8')).split('\n').filter(Boolean);
    expect(journalLines.length).toBeLessThan(5);

    const again = await openStore({ compactEvery: 5 });
    expect((await again.getFlag('production', 'a'))?.version).toBe(12);
    expect((await again.flagHistory('production', 'a')).map((f) => f.version)).toEqual(
      Array.from({ length: 12 }, (_, i) => 12 - i),
    );
    expect((await again.changesSince('production', 2))?.map((c) => c.revision)).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(await again.listAudit({ flag: 'a' })).toHaveLength(12);
  });

  it('skips journal records a snapshot already holds (a crash between snapshot and journal reset)', async () => {
    const store = await withProduction(await openStore({ compactEvery: 4 }));
    await writeVersions(store, 'a', 1, 2);
    const beforeCompaction = await readFile(join(dir, 'journal.ndjson'), 'utf8');
    await writeVersions(store, 'a', 3, 3); // the fourth record: snapshot, then the journal is emptied
    await store.close();
    expect((await readFile(join(dir, 'journal.ndjson'), 'utf8')).trim()).toBe('');
    // Put back what the reset removed, as if the crash came just before it.
    await writeFile(join(dir, 'journal.ndjson'), beforeCompaction);

    const again = await openStore({ compactEvery: 4 });
    expect((await again.getRuleset('production')).revision).toBe(3);
    expect((await again.flagHistory('production', 'a')).map((f) => f.version)).toEqual([3, 2, 1]);
    await writeVersions(again, 'a', 4, 4);
    expect((await again.changesSince('production', 0))?.map((c) => c.revision)).toEqual([1, 2, 3, 4]);
  });
});

describe('FileStore permissions', () => {
  it('creates its directories owner-only (0700) and its files owner-only (0600)', async () => {
    const data = join(dir, 'data');
    const store = await withProduction(await createFileStore({ dir: data, compactEvery: 3 }));
    await writeVersions(store, 'a', 1, 5);
    await store.addMetrics('production', Math.floor(Date.now() / 60_000), [
      { flag: 'a', variant: 'on', evaluations: 1, exposures: 0, errors: 0 },
    ]);
    await store.checkReady();
    await store.close();
    const modes: Record<string, string> = {};
    const walk = async (path: string, name: string) => {
      modes[name] = ((await stat(path)).mode & 0o777).toString(8);
      if ((await stat(path)).isDirectory())
        for (const entry of await readdir(path)) await walk(join(path, entry), `${name}/${entry}`);
    };
    await walk(data, 'data');
    expect(Object.keys(modes)).toEqual(
      expect.arrayContaining(['data', 'data/state.json', 'data/journal.ndjson', 'data/metrics']),
    );
    for (const [name, mode] of Object.entries(modes))
      expect(`${name} ${mode}`).toBe(`${name} ${name === 'data' || name === 'data/metrics' ? '700' : '600'}`);
  });
});

describe('FileStore directory lock', () => {
  it('refuses a second open of the same directory', async () => {
    await openStore();
    await expect(createFileStore({ dir })).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
  });

  it('refuses a directory locked by another live process', async () => {
    const other = liveProcess();
    try {
      await writeFile(join(dir, 'LOCK'), `${other.pid}\n`);
      await expect(createFileStore({ dir })).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.stop();
    }
  });

  it('takes over the lock of a process that is gone, and releases it on close', async () => {
    await writeFile(join(dir, 'LOCK'), `${await deadPid()}\n`);
    const store = await openStore();
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
    expect(await readdir(dir)).not.toContain('LOCK');
  });
});

describe('FileStore readiness', () => {
  it('reports not ready when its directory can no longer be written', async () => {
    const store = await openStore();
    await expect(store.checkReady()).resolves.toBeUndefined();
    await rm(dir, { recursive: true, force: true });
    await expect(store.checkReady()).rejects.toThrow(/cannot write/);
  });
});

describe('createStoreFromUrl with a file: URL', () => {
  it('opens the file store in that directory', async () => {
    const store = await createStoreFromUrl(pathToFileURL(dir).href);
    open.push(store);
    await withProduction(store);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['LOCK', 'journal.ndjson']));
    await store.close();
    const again = await openStore();
    expect(await again.getEnvironment('production')).toBeDefined();
  });
});
