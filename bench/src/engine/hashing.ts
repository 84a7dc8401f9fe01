import { murmur3, murmur3WithPrefix } from '@switchyard/shared';
import murmurhash from 'murmurhash';
import { collectGarbage, median } from '../support/measure.js';
import { table } from '../support/report.js';

interface HashRow {
  readonly name: string;
  readonly nsPerOp: number;
  readonly fastest: number;
  readonly slowest: number;
}

/**
 * Bucketing hashes `salt + userId` on every evaluation. This compares the `murmurhash` package (which
 * concatenates, then UTF-8 encodes into a fresh buffer) with Switchyard's murmur3, with and without the
 * salt hashed once up front, and checks that all three agree.
 */
export function compareHashes(salt: string, ids: readonly string[], rounds: number): string {
  const withSalt = murmur3WithPrefix(salt);
  for (let i = 0; i < 10_000; i++) {
    const id = ids[i] as string;
    const expected = murmurhash.v3(salt + id);
    if (murmur3(salt + id) !== expected || withSalt(id) !== expected) {
      throw new Error(`murmur3 disagrees with the murmurhash package for "${salt}${id}"`);
    }
  }

  const candidates: readonly [string, () => number][] = [
    [
      'murmurhash package: v3(salt + id)',
      () => {
        let acc = 0;
        for (let i = 0; i < ids.length; i++) acc ^= murmurhash.v3(salt + (ids[i] as string));
        return acc;
      },
    ],
    [
      'Switchyard murmur3(salt + id)',
      () => {
        let acc = 0;
        for (let i = 0; i < ids.length; i++) acc ^= murmur3(salt + (ids[i] as string));
        return acc;
      },
    ],
    [
      'Switchyard murmur3WithPrefix(salt)(id)',
      () => {
        let acc = 0;
        for (let i = 0; i < ids.length; i++) acc ^= withSalt(ids[i] as string);
        return acc;
      },
    ],
  ];

  const rows: HashRow[] = [];
  const checksums = new Set<number>();
  for (const [name, run] of candidates) {
    run(); // warm-up
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      collectGarbage();
      const start = process.hrtime.bigint();
      checksums.add(run());
      times.push(Number(process.hrtime.bigint() - start));
    }
    rows.push({
      name,
      nsPerOp: median(times) / ids.length,
      fastest: Math.min(...times) / ids.length,
      slowest: Math.max(...times) / ids.length,
    });
  }
  if (checksums.size !== 1) throw new Error('hash implementations produced different checksums');

  const baseline = (rows[0] as HashRow).nsPerOp;
  return table(
    ['hash of salt + user id', 'ns/op', 'passes (ns/op)', 'vs murmurhash'],
    rows.map((row) => [
      row.name,
      row.nsPerOp.toFixed(1),
      `${row.fastest.toFixed(1)}–${row.slowest.toFixed(1)}`,
      `${(baseline / row.nsPerOp).toFixed(2)}x`,
    ]),
  );
}
