import { toFlagd } from '@switchyard/shared';
import { stringify } from 'yaml';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { CliError, EXIT, usageError } from '../errors.js';

const FORMATS = ['yaml', 'json', 'flagd'] as const;
type Format = (typeof FORMATS)[number];

/** A stored document as a flags file lists it: without the server's `version`. */
const withoutVersion = <T extends { version: number }>({ version: _, ...rest }: T) => rest;

const exportCommand: Command = {
  name: ['export'],
  args: [],
  summary:
    'print an environment as a flags file (YAML or JSON) that switchyard apply takes back, or as flagd flags',
  description: [
    'Flags and segments sorted by key, without versions: the file `switchyard apply` would find',
    'nothing to do with. A way to start keeping an environment in git.',
    '--format flagd prints a flagd flag definition instead: rollouts become `fractional` with the same',
    'buckets (Switchyard buckets users as flagd does), segments `$evaluators`. A flag that uses what',
    'flagd cannot express (prerequisites, regular expressions, dates) is left out; each is named on',
    'stderr with the construct, as are constructs flagd serves differently, and the exit code is 1.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: FORMATS.join('|'), description: 'output format (default: yaml)' },
  },
  examples: [
    'switchyard export --env production > flags.yaml',
    'switchyard export --format json',
    'switchyard export --format flagd > flags.flagd.json',
  ],
  async run(ctx, _args, options) {
    const format = (stringOption(options, 'format') ?? 'yaml') as Format;
    if (!FORMATS.includes(format))
      throw usageError(`--format must be one of ${FORMATS.join(', ')}; got "${format}"`);
    const [flags, segments] = await Promise.all([
      ctx.client.listFlags(ctx.env),
      ctx.client.listSegments(ctx.env),
    ]);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    const file = {
      flags: flags.data.flags.map(({ flag }) => withoutVersion(flag)).sort(byKey),
      segments: segments.data.segments.map(withoutVersion).sort(byKey),
    };
    if (format === 'flagd') {
      const exported = toFlagd(file.flags, file.segments);
      ctx.print(JSON.stringify(exported.document, null, 2));
      for (const w of exported.warnings) ctx.warn(`warning: ${w.flag}: ${w.construct}: ${w.message}`);
      for (const o of exported.omitted) ctx.warn(`left out: ${o.flag}: ${o.construct}: ${o.message}`);
      if (exported.omitted.length > 0)
        throw new CliError(
          `${exported.omitted.length} flag(s) left out: flagd cannot express them`,
          EXIT.failed,
        );
      return;
    }
    ctx.print(
      format === 'json' ? JSON.stringify(file, null, 2) : stringify(file, { lineWidth: 0 }).trimEnd(),
    );
  },
};

export const exportCommands: readonly Command[] = [exportCommand];
