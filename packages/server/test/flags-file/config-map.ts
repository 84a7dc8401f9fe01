import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A directory laid out as the kubelet lays out a ConfigMap volume: the file is a symlink through
 * `..data`, itself a symlink to a timestamped directory, and an update writes a new directory and
 * swaps `..data` (a rename over it), so the file's own path never changes.
 */
export interface ConfigMapDir {
  /** The path a pod mounts and FLAGS_FILE names: `<dir>/flags.yaml`. */
  readonly file: string;
  /** Swaps in new content the way the kubelet does. */
  update(content: string): Promise<void>;
  remove(): Promise<void>;
}

export async function configMapDir(content: string): Promise<ConfigMapDir> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-configmap-'));
  let generation = 0;
  const update = async (text: string) => {
    const version = `..2026_12_03_${++generation}`;
    await mkdir(join(dir, version));
    await writeFile(join(dir, version, 'flags.yaml'), text);
    await symlink(version, join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    if (generation > 1) await rm(join(dir, `..2026_12_03_${generation - 1}`), { recursive: true });
  };
  await update(content);
  await symlink(join('..data', 'flags.yaml'), join(dir, 'flags.yaml'));
  return { file: join(dir, 'flags.yaml'), update, remove: () => rm(dir, { recursive: true, force: true }) };
}
