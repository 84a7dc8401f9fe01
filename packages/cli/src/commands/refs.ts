import { resolve } from 'node:path';
import type { Command } from '../cli/command.js';
import { failure, usageError } from '../errors.js';
import { formatTable } from '../format/table.js';
import type { FlagReference } from '../refs/find-references.js';
import { scanDirectory } from '../refs/scan-directory.js';

const where = (refs: readonly FlagReference[]) => refs.map((r) => `${r.file}:${r.line}`).join(', ');

const refs: Command = {
  name: ['refs'],
  args: ['[dir]'],
  summary: 'find flag keys in source code; report flags the code never uses and keys the server lacks',
  description: [
    'Reads the source files under DIR (default: the current directory; node_modules, dist, build and',
    '.git are skipped) for isEnabled, variation, evaluate, useFlag, useVariation, <Feature flag=…>',
    'and OpenFeature get*Value/get*Details calls whose flag key is a string literal, then compares',
    'the keys with the flags of --env. With --fail-on-unknown the command exits 1 when the code names',
    'a key the environment does not have (or has archived): a check for CI.',
  ].join('\n'),
  options: {
    'fail-on-unknown': { type: 'boolean', description: 'exit 1 when the code names a flag the server lacks' },
  },
  examples: [
    'switchyard refs src',
    'switchyard refs . --env production --fail-on-unknown',
    'switchyard refs --json',
  ],
  async run(ctx, [dir = '.'], options) {
    const root = resolve(dir);
    const scan = await scanDirectory(root).catch((err: NodeJS.ErrnoException) => {
      throw usageError(`cannot read "${dir}": ${err.code ?? err.message}`);
    });
    const [active, archived] = await Promise.all([
      ctx.client.listFlags(ctx.env),
      ctx.client.listArchivedFlags(ctx.env),
    ]);
    const onServer = new Set(active.data.flags.map(({ flag }) => flag.key));
    const archivedKeys = new Set(archived.data.flags.map(({ flag }) => flag.key));
    const byFlag = new Map<string, FlagReference[]>();
    for (const ref of scan.references) byFlag.set(ref.flag, [...(byFlag.get(ref.flag) ?? []), ref]);
    const unused = [...onServer].filter((key) => !byFlag.has(key)).sort();
    const unknown = [...byFlag.keys()].filter((key) => !onServer.has(key)).sort();

    if (ctx.json) {
      ctx.print(
        JSON.stringify(
          {
            environment: ctx.env,
            directory: root,
            filesRead: scan.filesRead,
            references: scan.references,
            unused,
            unknown: unknown.map((flag) => ({ flag, archived: archivedKeys.has(flag) })),
          },
          null,
          2,
        ),
      );
    } else {
      const rows = [...byFlag]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([flag, found]) => [
          flag,
          onServer.has(flag)
            ? 'used'
            : archivedKeys.has(flag)
              ? 'archived on the server'
              : 'unknown to the server',
          where(found),
        ]);
      ctx.print(
        `${scan.references.length} references to ${byFlag.size} flags in ${scan.filesRead} files under ${root}`,
      );
      if (rows.length > 0) ctx.print(formatTable(['FLAG', 'STATUS', 'WHERE'], rows));
      ctx.print(
        unused.length === 0
          ? `every flag in "${ctx.env}" is used in the code`
          : `flags in "${ctx.env}" the code never names (${unused.length}): ${unused.join(', ')}`,
      );
    }
    if (options['fail-on-unknown'] === true && unknown.length > 0) {
      throw failure(
        `the code names ${unknown.length} flag key(s) that "${ctx.env}" does not have: ${unknown.join(', ')}`,
      );
    }
  },
};

export const refsCommands: readonly Command[] = [refs];
