// Child process of kill-9.test.ts: opens a FileStore and writes one flag version after another,
// printing each version once its write is acknowledged, until it is killed.
//
// Tests run against TypeScript source, so this plain .mjs runs under `node --import tsx` with the
// `@switchyard/source` condition (see kill-9.test.ts): tsx compiles the store and @switchyard/shared
// on the fly, exactly the code the other tests exercise, with no build step.
import { createFileStore } from '../../../src/store/file/file-store.ts';

const [dir, compactEvery] = process.argv.slice(2);
const store = await createFileStore({ dir, compactEvery: Number(compactEvery) });
const actor = { keyId: 'crash-writer', name: 'crash writer' };

if (!(await store.getEnvironment('production'))) {
  await store.createEnvironment(
    { key: 'production', name: 'Production', createdAt: new Date().toISOString() },
    { actor, action: 'environment.create' },
  );
}

let version = (await store.getFlag('production', 'crash'))?.version ?? 0;
process.stdout.write(`ready ${version}\n`);
for (;;) {
  const next = {
    key: 'crash',
    description: `write ${version + 1}`,
    type: 'boolean',
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    fallthrough: { variant: version % 2 === 0 ? 'on' : 'off' },
    version: version + 1,
  };
  const result = await store.compareAndSetFlag('production', 'crash', version === 0 ? null : version, next, {
    actor,
    action: 'flag.update',
  });
  if (!result.ok) throw new Error(`conflict at version ${version}`);
  version++;
  // stdout is a pipe, written synchronously on Linux: once this returns the parent will see it.
  process.stdout.write(`${version}\n`);
}
