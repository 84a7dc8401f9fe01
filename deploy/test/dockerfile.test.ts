import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// No Docker on the test machine: these check the Dockerfile's promises; release.test.ts runs what it ships.
const dockerfile = readFileSync(join(import.meta.dirname, '../Dockerfile'), 'utf8');
const nodeFlags = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../packages/server/node-flags.json'), 'utf8'),
) as string[];
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));
const stages = instructions
  .join('\n')
  .split(/^FROM /m)
  .slice(1);

describe('deploy/Dockerfile', () => {
  it('builds with `pnpm release` in one stage and ships only its output in the next', () => {
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/pnpm@12\.4\.2 install --frozen-lockfile/);
    expect(build).toMatch(/pnpm@12\.4\.2 release --out \/release/);
    expect(runtime).toMatch(/^COPY --from=build \/release \/app$/m);
    expect(runtime).not.toMatch(/^COPY (?!--from=build)/m);
    expect(runtime).not.toMatch(/pnpm|npm install/);
    expect(runtime).toMatch(/^ENTRYPOINT \[.*"\/app\/server\.mjs"\]$/m);
  });

  it('starts the bundle with the Node.js options the server runs with everywhere', () => {
    const entrypoint = JSON.parse(
      /^ENTRYPOINT (\[.*\])$/m.exec(stages[1] as string)?.[1] ?? '[]',
    ) as string[];
    expect(entrypoint[0]).toBe('node');
    expect(entrypoint.at(-1)).toBe('/app/server.mjs');
    expect(nodeFlags.length).toBeGreaterThan(0);
    for (const flag of nodeFlags) expect(entrypoint.slice(1, -1)).toContain(flag);
  });

  it('runs as a numeric non-root user with a health check on /health/live', () => {
    const runtime = stages[1] as string;
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(runtime);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/health\/live/m);
    expect(runtime).toMatch(/^ENV .*HOST=0\.0\.0\.0/m);
  });
});
