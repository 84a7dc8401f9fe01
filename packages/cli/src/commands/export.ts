import { asWritten } from '@switchyard/shared';
import { stringify } from 'yaml';
import { stringOption } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { usageError } from '../errors.js';

const FORMATS = ['yaml', 'json'] as const;
type Format = (typeof FORMATS)[number];

const exportCommand: Command = {
  name: ['export'],
  args: [],
  summary: 'print an environment as a flags file (YAML or JSON) that switchyard apply takes back',
  description: [
    'Flags and segments sorted by key, without versions: the file `switchyard apply` would find',
    'nothing to do with. A way to start keeping an environment in git.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: FORMATS.join('|'), description: 'output format (default: yaml)' },
  },
  examples: ['switchyard export --env production > flags.yaml', 'switchyard export --format json'],
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
      flags: flags.data.flags.map(({ flag }) => asWritten(flag)).sort(byKey),
      segments: segments.data.segments.map(asWritten).sort(byKey),
    };
    ctx.print(
      format === 'json' ? JSON.stringify(file, null, 2) : stringify(file, { lineWidth: 0 }).trimEnd(),
    );
  },
};

export const exportCommands: readonly Command[] = [exportCommand];
