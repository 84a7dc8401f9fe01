import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The chaos run of `pnpm chaos` (bench/src/chaos.ts), for one minute of faults, in a process of its
// own as the script runs it. 100 SDK clients in two processes rather than 500 in four, so that the
// run fits the test suite's time on a shared machine; the figures of a full run are in
// docs/reliability.md. Timings are not asserted: the clients get 60 s to converge instead of 5.
const BENCH_DIR = fileURLToPath(new URL('../../../../bench', import.meta.url));
const RUN_TIMEOUT_MS = 12 * 60_000;

const dir = mkdtempSync(join(tmpdir(), 'switchyard-chaos-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@switchyard/source', '--import', 'tsx', 'src/chaos.ts', ...args],
    { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  // The run kills everything it started on SIGTERM (see bench/src/delivery/processes.ts).
  const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('chaos: one minute of faults behind HAProxy on Sentinel-managed Redis', () => {
  it(
    'keeps every invariant: acknowledged writes kept and last, clients converged, nothing threw, no 5xx but 503',
    async () => {
      const result = join(dir, 'result.json');
      const { code, output } = await runChaos([
        '--minutes',
        '1',
        '--clients',
        '100',
        '--load-processes',
        '2',
        '--converge-within-ms',
        '60000',
        '--result',
        result,
      ]);
      expect(code, output).not.toBeNull();
      // A run that could not complete writes no result: show why (its last lines name the step and the seed).
      if (!existsSync(result))
        expect.fail(`the chaos run wrote no result (exit ${code}):\n${output.slice(-6000)}`);
      const { run, checks } = JSON.parse(readFileSync(result, 'utf8')) as {
        run: { faults: { kind: string }[]; acks: Record<string, unknown[]> };
        checks: Check[];
      };
      // The run did what it says: faults of every kind, and writes acknowledged on every flag.
      expect(new Set(run.faults.map((f) => f.kind)), output).toEqual(
        new Set(['kill-instance', 'kill-redis-master', 'stop-instance', 'restart-haproxy']),
      );
      for (const acks of Object.values(run.acks)) expect(acks.length).toBeGreaterThan(1);
      expect(
        checks.filter((c) => !c.ok),
        output,
      ).toEqual([]);
      expect(checks.map((c) => c.name)).toHaveLength(6);
      expect(code, output).toBe(0);
    },
    RUN_TIMEOUT_MS + 60_000,
  );
});
