import { type Flag, type FlagInput, flagsFileSchema } from '@switchyard/shared';
import { booleanFlag } from '@switchyard/test-support/server';
import { describe, expect, it } from 'vitest';
import { driftOf, entryDigest, reconcileActions } from '../../src/flags-file/reconcile-decision.js';

const PATH = '/etc/switchyard/flags/flags.yaml';
const entry = (key: string, percentage: number, extra: Record<string, unknown> = {}) =>
  booleanFlag(key, percentage, extra) as unknown as FlagInput;
const fileOf = (...flags: FlagInput[]) => flagsFileSchema.parse({ flags });
/** A stored flag as the file last wrote it (`managedBy` of `entry`), or as people wrote it. */
const stored = (input: FlagInput, version: number, managedFrom?: FlagInput, file = PATH): Flag => ({
  ...input,
  version,
  ...(managedFrom ? { managedBy: { file, digest: entryDigest(managedFrom) } } : {}),
});
const summary = (actions: ReturnType<typeof reconcileActions>) =>
  actions.map((a) => [a.kind, a.key, a.precondition]);

describe('reconcileActions', () => {
  const a25 = entry('a', 25);
  const cases: [string, FlagInput[], Flag[], unknown[]][] = [
    ['creates a flag the environment lacks', [a25], [], [['flag', 'a', 'absent']]],
    ['leaves a flag as the file last wrote it', [a25], [stored(a25, 3, a25)], []],
    [
      'leaves a killed flag killed while its entry is unchanged',
      [a25],
      [stored({ ...a25, enabled: false }, 4, a25)],
      [],
    ],
    [
      'writes a flag whose entry changed, over a kill switch toggled meanwhile',
      [entry('a', 50)],
      [stored({ ...a25, enabled: false }, 4, a25)],
      [['flag', 'a', 4]],
    ],
    ['adopts a flag people made that the file now lists', [a25], [stored(a25, 2)], [['flag', 'a', 2]]],
    [
      'takes over a flag another file managed',
      [a25],
      [stored(a25, 2, a25, '/other/flags.yaml')],
      [['flag', 'a', 2]],
    ],
    [
      'retires a flag it managed that the file no longer lists; never one it did not',
      [],
      [stored(a25, 5, a25), stored(entry('b', 10), 1), stored(entry('c', 10), 1, entry('c', 10), '/other')],
      [['retire', 'a', 5]],
    ],
    [
      'reads entries alike when only key order or empty lists differ',
      [{ ...(Object.fromEntries(Object.entries(entry('a', 25)).reverse()) as FlagInput), tags: [] }],
      [stored(a25, 3, a25)],
      [],
    ],
  ];
  it.each(cases)('%s', (_, flags, current, expected) => {
    expect(summary(reconcileActions(fileOf(...flags), PATH, { flags: current, segments: [] }))).toEqual(
      expected,
    );
  });

  it('creates and updates segments first, never deletes one', () => {
    const file = flagsFileSchema.parse({
      segments: [{ key: 'beta', included: ['u1'] }],
      flags: [entry('a', 25)],
    });
    const actions = reconcileActions(file, PATH, {
      flags: [],
      segments: [
        { key: 'beta', included: ['u2'], excluded: [], rules: [], version: 2 },
        { key: 'other', included: [], excluded: [], rules: [], version: 1 },
      ],
    });
    expect(summary(actions)).toEqual([
      ['segment', 'beta', 2],
      ['flag', 'a', 'absent'],
    ]);
  });
});

describe('driftOf', () => {
  it('names the fields where a flag differs from its entry, live first', () => {
    const a25 = entry('a', 25);
    const drift = driftOf(fileOf(a25, entry('b', 5)), [stored({ ...a25, enabled: false }, 2, a25)]);
    expect(drift).toEqual([{ key: 'a', diffs: [{ path: 'enabled', before: false, after: true }] }]);
  });
});
