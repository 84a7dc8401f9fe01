import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/bundle-size.mjs', import.meta.url));
/** The budget of BENCHMARKS.md, kept here so that the test does not take the script's word for it. */
const BUDGET_BYTES = 8 * 1024;

describe('browser bundle', () => {
  it('stays under its gzipped budget and carries no zod', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-bundle-'));
    try {
      const bundle = join(dir, 'bundle.js');
      const size = JSON.parse(
        execFileSync(process.execPath, [script, '--json', '--out', bundle], { encoding: 'utf8' }),
      );
      const code = readFileSync(bundle);
      const gzipped = gzipSync(code, { level: 9 }).length;
      // The built bundle itself, gzipped here, against the budget; and the script reports the same.
      expect(code.length).toBeGreaterThan(1024);
      expect(gzipped).toBeLessThan(BUDGET_BYTES);
      expect(size).toMatchObject({
        minifiedBytes: code.length,
        gzippedBytes: gzipped,
        budgetBytes: BUDGET_BYTES,
      });
      expect(code.toString()).toContain('/sdk/v1/evaluate');
      expect(
        size.inputs.filter((path: string) => /zod|re2js|shared\/src\/(schema|protocol)/.test(path)),
      ).toEqual([]);
      expect(size.inputs).toContain('../shared/src/metrics/accumulator.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
