import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type FlagReference, findReferences } from './find-references.js';

/** Source files read for references: the languages OpenFeature and our SDKs serve. */
const SOURCE = /\.(?:[cm]?[jt]sx?|vue|svelte|py|go|java|kt|cs|rb|php|swift)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.next', 'vendor']);
/** Generated bundles and data files this large are not code people edit. */
const MAX_FILE_BYTES = 1024 * 1024;

export interface ScanResult {
  references: FlagReference[];
  filesRead: number;
}

/** Every flag reference under `root`, with paths relative to it, in path and line order. */
export async function scanDirectory(root: string): Promise<ScanResult> {
  const references: FlagReference[] = [];
  let filesRead = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(path);
      } else if (entry.isFile() && SOURCE.test(entry.name) && (await stat(path)).size <= MAX_FILE_BYTES) {
        filesRead++;
        references.push(...findReferences(relative(root, path), await readFile(path, 'utf8')));
      }
    }
  };
  await walk(root);
  return { references, filesRead };
}
