import { describe, expect, it } from 'vitest';
import { type Flag, flagsFileSchema, planApply, type Segment } from '../../src/index.js';

const flag = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  type: 'boolean' as const,
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  fallthrough: { variant: 'off' },
  ...extra,
});
const stored = (key: string, version: number, extra: Record<string, unknown> = {}) =>
  ({ ...flag(key, extra), version }) as Flag;
const segment = (key: string, version: number, included: string[] = []): Segment => ({
  key,
  included,
  excluded: [],
  rules: [],
  version,
});

describe('planApply', () => {
  const file = flagsFileSchema.parse({
    segments: [{ key: 'beta', included: ['u-1'] }],
    flags: [flag('same'), flag('changed', { enabled: false, tags: ['x'] }), flag('new')],
  });
  const current = {
    flags: [
      stored('same', 3, { tags: [], salt: 'same' }),
      stored('changed', 7, { tags: ['y'] }),
      stored('stray', 2),
    ],
    segments: [segment('beta', 1, ['u-1']), segment('old', 4)],
  };

  it('creates, updates with field-level diffs and If-Match versions, and leaves equal documents alone', () => {
    const plan = planApply(file, current);
    expect(plan.steps.map((s) => [s.action, s.kind, s.key])).toEqual([
      ['unchanged', 'segment', 'beta'],
      ['unchanged', 'flag', 'same'],
      ['update', 'flag', 'changed'],
      ['create', 'flag', 'new'],
    ]);
    const update = plan.steps[2];
    expect(update).toMatchObject({ version: 7 });
    expect(update?.action === 'update' && update.diffs).toEqual([
      { path: 'enabled', before: true, after: false },
      { path: 'tags.0', before: 'y', after: 'x' },
    ]);
    expect(plan.kept).toEqual([
      { kind: 'flag', key: 'stray' },
      { kind: 'segment', key: 'old' },
    ]);
  });

  it('deletes what the file does not list only with prune, flags before segments, at their versions', () => {
    const plan = planApply(file, current, { prune: true });
    expect(plan.steps.filter((s) => s.action === 'delete')).toEqual([
      { action: 'delete', kind: 'flag', key: 'stray', version: 2 },
      { action: 'delete', kind: 'segment', key: 'old', version: 4 },
    ]);
    expect(plan.kept).toEqual([]);
  });

  it('refuses a file that lists a key twice, naming the path', () => {
    const result = flagsFileSchema.safeParse({ flags: [flag('a'), flag('a')] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['flags', 1, 'key']);
  });
});
