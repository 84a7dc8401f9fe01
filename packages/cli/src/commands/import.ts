import { readFileSync } from 'node:fs';
import { IMPORT_FORMATS, type ImportRequest } from '@switchyard/shared';
import { parse } from 'yaml';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { CliError, EXIT, usageError } from '../errors.js';
import { printJson } from './output.js';

/** The source document: JSON, or YAML (flagd and flags files are often kept as YAML). */
function readDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    throw usageError(`${path} is neither JSON nor YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw usageError(`${path} must hold one object`);
  return document as Record<string, unknown>;
}

const importCommand: Command = {
  name: ['import'],
  args: ['<file>'],
  summary:
    'import flags from flagd, an Unleash feature export or a Switchyard flags file into an environment',
  description: [
    'Sends the file to POST /api/v1/environments/<env>/import. Flags that cannot be translated are',
    'listed with the construct that stops them, and then nothing is written unless --skip-problems.',
    'Warnings name flags that may serve some users differently than the source system; for an Unleash',
    'export, each rollout says what share of its users Switchyard buckets differently (Unleash hashes',
    'users its own way). A malformed Unleash export is refused with the path of the problem.',
    'Exit codes: 0 imported (or nothing to do), 1 problems stopped the import or the server refused, 2 a bad file.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: IMPORT_FORMATS.join('|'), description: 'the source format (required)' },
    'dry-run': { type: 'boolean', description: 'show what would be imported, write nothing' },
    'skip-problems': {
      type: 'boolean',
      description: 'import the flags that translate even if others do not',
    },
  },
  examples: [
    'switchyard import --format flagd flags.flagd.json --env staging --dry-run',
    'switchyard import --format unleash unleash-export.json --env production --skip-problems',
  ],
  async run(ctx, [path = ''], options) {
    const format = stringOption(options, 'format');
    if (format === undefined || !(IMPORT_FORMATS as readonly string[]).includes(format))
      throw usageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
    const request: ImportRequest = {
      format: format as ImportRequest['format'],
      document: readDocument(path),
      dryRun: options['dry-run'] === true,
      skipProblems: options['skip-problems'] === true,
    };
    const { data, json } = await ctx.client.importFlags(ctx.env, request);
    if (ctx.json) printJson(ctx, json);
    else {
      const list = (keys: string[]) => (keys.length === 0 ? '-' : keys.join(', '));
      ctx.print(
        `created: ${list(data.created)}\nupdated: ${list(data.updated)}\nunchanged: ${list(data.unchanged)}`,
      );
      for (const p of data.problems) ctx.print(`problem: ${p.flag}: ${p.construct}: ${p.message}`);
      for (const w of data.warnings) ctx.print(`warning: ${w.flag}: ${w.construct}: ${w.message}`);
      ctx.print(data.applied ? `Imported into "${ctx.env}".` : 'Nothing was written.');
    }
    if (data.problems.length > 0 && !request.skipProblems && !request.dryRun)
      throw new CliError(
        `${data.problems.length} flag(s) cannot be translated; rerun with --skip-problems to import the rest`,
        EXIT.failed,
      );
  },
};

export const importCommands: readonly Command[] = [importCommand];
