// What a microsecond of route work costs under the evaluate benchmark's load. The bare route of
// `bench evaluate` (bare-server.ts) runs with 0, 5, 10 and 20 µs of busy work per request added to its
// handler, each in a process of its own, and wrk drives it as `bench evaluate` drives its targets
// (-t1 -c50, the same request bodies). Printed: req/s, the server's user and system CPU per request, and
// the CPU each added µs of work costs. The evaluate target is a ratio of req/s to the bare route, so this
// says how much work a route may do beyond the bare one and still reach it on this machine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvaluator, flagSchema, segmentSchema } from '@switchyard/shared';
import { contextOf, FLAGS, SEGMENT } from './delivery/evaluate/environment.js';
import { runWrk, type WrkRequest, writeWrkScript } from './delivery/evaluate/wrk.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import {
  type BenchProcess,
  procCpuTimes,
  spawnBenchScript,
  stopAll,
  waitForOutput,
} from './delivery/processes.js';
import { count } from './delivery/stats.js';
import { table } from './support/report.js';

const WORK_MICROS = [0, 5, 10, 20];
/** Measured runs in mirrored order, so that a drift in the machine's load hits every amount alike. */
const ORDER = [...WORK_MICROS.keys(), ...[...WORK_MICROS.keys()].reverse()];
const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;
const SECONDS = 8;
const CONTEXTS = 1_000;
const TARGET_RATIO = 0.7;
const FILE_LIMIT = 4_096;

/** The real route's answer for context 0, made by the engine from the benchmark's flags. */
function answerBody(): string {
  const evaluator = createEvaluator({
    flags: Object.fromEntries(FLAGS.map((f) => [f.key, flagSchema.parse({ version: 1, ...f })])),
    segments: { [SEGMENT.key]: segmentSchema.parse({ version: 1, ...SEGMENT }) },
  });
  return JSON.stringify({ flags: evaluator.evaluateAll(contextOf(0)) });
}

/**
 * The work at which a route gets TARGET_RATIO of the bare route's req/s, interpolated between the two
 * measured amounts around it (CPU per request is not linear in the work: the first µs cost least).
 */
function workAtTarget(micros: readonly number[], ratios: readonly number[]): string {
  for (let i = 1; i < micros.length; i++) {
    const [m0, m1] = [micros[i - 1] as number, micros[i] as number];
    const [r0, r1] = [ratios[i - 1] as number, ratios[i] as number];
    if (r0 >= TARGET_RATIO && r1 < TARGET_RATIO)
      return `about ${(m0 + ((r0 - TARGET_RATIO) / (r0 - r1)) * (m1 - m0)).toFixed(1)} µs`;
  }
  return ratios.every((r) => r >= TARGET_RATIO) ? `more than ${micros.at(-1)} µs` : 'less than 0 µs';
}

interface Amount {
  readonly micros: number;
  readonly url: string;
  readonly pid: number;
  readonly requests: number[];
  readonly seconds: number[];
  readonly user: number[];
  readonly system: number[];
}

console.log('Switchyard evaluate-work benchmark: the bare evaluate route with busy work added per request');
printMachine();
const reportOtherWork = watchOtherWork();
const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-work-'));
const processes: BenchProcess[] = [];
let failed = false;

try {
  const bodyFile = join(workDir, 'body.json');
  writeFileSync(bodyFile, answerBody());
  const script = join(workDir, 'requests.lua');
  const requests: WrkRequest[] = Array.from({ length: CONTEXTS }, (_, i) => ({
    path: '/sdk/v1/evaluate',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sy_client_bench' },
    body: JSON.stringify({ context: contextOf(i) }),
  }));
  writeWrkScript(script, requests);

  const amounts: Amount[] = [];
  for (const micros of WORK_MICROS) {
    const server = spawnBenchScript('src/delivery/evaluate/bare-server.ts', {
      env: { ...process.env, BARE_BODY_FILE: bodyFile, BARE_WORK_MICROS: String(micros) },
      fileLimit: FILE_LIMIT,
    });
    processes.push(server);
    const url = (await waitForOutput(server, /bare route at (http:\/\/\S+)/, 'bare route'))[1] as string;
    amounts.push({
      micros,
      url: `${url}/sdk/v1/evaluate`,
      pid: server.pid,
      requests: [],
      seconds: [],
      user: [],
      system: [],
    });
  }
  const wrk = (amount: Amount, seconds: number) =>
    runWrk({ url: amount.url, script, connections: CONNECTIONS, seconds, threads: 1 });
  for (const amount of amounts) await wrk(amount, WARM_UP_SECONDS);
  for (const index of ORDER) {
    const amount = amounts[index] as Amount;
    const before = procCpuTimes(amount.pid);
    const result = await wrk(amount, SECONDS);
    const after = procCpuTimes(amount.pid);
    if (result.errors + result.non2xx > 0) {
      failed = true;
      console.error(`${amount.micros} µs: ${result.errors} socket errors, ${result.non2xx} non-2xx`);
    }
    amount.requests.push(result.requests);
    amount.seconds.push(result.seconds);
    amount.user.push((after.user - before.user) * 1e6);
    amount.system.push((after.system - before.system) * 1e6);
    console.log(
      `  ${String(amount.micros).padStart(2)} µs of work: ${count(Math.round(result.perSecond)).padStart(7)} req/s`,
    );
  }

  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const rows = amounts.map((a) => {
    const requests = sum(a.requests);
    return {
      micros: a.micros,
      perSecond: requests / sum(a.seconds),
      user: sum(a.user) / requests,
      system: sum(a.system) / requests,
    };
  });
  const base = rows[0] as (typeof rows)[number];
  console.log(
    `\n${table(
      [
        'work per request',
        'req/s',
        'vs no work',
        'user CPU/req',
        'system CPU/req',
        'CPU/req',
        'CPU added per µs of work',
      ],
      rows.map((r) => [
        `${r.micros} µs`,
        count(Math.round(r.perSecond)),
        `${((r.perSecond / base.perSecond) * 100).toFixed(1)}%`,
        `${r.user.toFixed(1)} µs`,
        `${r.system.toFixed(1)} µs`,
        `${(r.user + r.system).toFixed(1)} µs`,
        r.micros === 0 ? '—' : `${((r.user + r.system - base.user - base.system) / r.micros).toFixed(2)} µs`,
      ]),
    )}`,
  );
  const allowed = workAtTarget(
    rows.map((r) => r.micros),
    rows.map((r) => r.perSecond / base.perSecond),
  );
  console.log(
    `\nWith ${CONNECTIONS} connections and one wrk thread, a route that does ${allowed} of work per request ` +
      `beyond the bare route's gets ${TARGET_RATIO * 100}% of its req/s on this machine.`,
  );
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : String(err));
} finally {
  await stopAll(processes.reverse());
  rmSync(workDir, { recursive: true, force: true });
}

reportOtherWork();
if (failed) process.exitCode = 1;
