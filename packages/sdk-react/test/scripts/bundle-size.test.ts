import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/bundle-size.mjs', import.meta.url));

describe('browser bundle', () => {
  it('stays under its gzipped budget and carries no zod', () => {
    const size = JSON.parse(execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' }));
    expect(size.gzippedBytes).toBeLessThan(size.budgetBytes);
    expect(size.budgetBytes).toBe(8 * 1024);
    expect(size.inputs.filter((path: string) => /zod|shared\/src\/(schema|protocol)/.test(path))).toEqual([]);
    expect(size.inputs).toContain('../shared/src/metrics/accumulator.ts');
  });
});
