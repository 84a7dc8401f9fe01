// The remote-evaluation benchmark: POST /sdk/v1/evaluate with a client key, for a 20-flag environment,
// against a bare Fastify route that returns a precomputed body of the same JSON. Every server runs in a
// process of its own; wrk, in another, drives each with the same requests, connections and time.
// The target is checked on two Switchyard processes of the same build (LOG_LEVEL=warn, as the server tests
// run it), on their mean req/s: a server process runs in a fast or a slow mode for its whole life, ~15%
// apart, whatever the build (BENCHMARKS.md), so one process alone moves the verdict by chance. With
// BENCH_COMPARE_SERVER_DIR=<dir> (another copy of packages/server, e.g. an earlier commit's) a fourth
// target runs that copy with LOG_LEVEL=warn, for a before/after in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApi } from './delivery/admin-api.js';
import { contextOf, FLAGS, SEGMENT } from './delivery/evaluate/environment.js';
import { runWrk, type WrkRequest, type WrkResult, writeWrkScript } from './delivery/evaluate/wrk.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import {
  type BenchProcess,
  procCpuSeconds,
  type ServerProcess,
  spawnBenchScript,
  startSwitchyard,
  stopAll,
  waitForOutput,
} from './delivery/processes.js';
import { count, ms, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

const CONNECTIONS = 50;
const WARM_UP_SECONDS = 3;
const SECONDS = 10;
const CONTEXTS = 1_000;
const MIN_RATIO = 0.7;
const ADMIN_TOKEN = 'bench-evaluate-admin-token';
const ENVIRONMENT = 'bench';
const FILE_LIMIT = 4_096;
const COMPARE_DIR = process.env.BENCH_COMPARE_SERVER_DIR;
/** Measured runs in mirrored order (0 1 2 2 1 0), so that a drift in the machine's load hits every target alike. */
const ORDER = COMPARE_DIR === undefined ? [0, 1, 2, 2, 1, 0] : [0, 1, 2, 3, 3, 2, 1, 0];
const SHORT_NAMES = ['bare', 'evaluate 1', 'evaluate 2', 'evaluate (compared copy)'];

interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** The wrk script: the same requests for every target, with the client key of its server. */
  readonly script: string;
  readonly runs: Run[];
}

interface Run extends WrkResult {
  /** CPU time (user + system, all threads) of the server process per request served during the run. */
  readonly cpuMicrosPerRequest: number;
}

console.log(
  'Switchyard evaluate benchmark: POST /sdk/v1/evaluate vs a bare Fastify route with the same body',
);
printMachine();
const reportOtherWork = watchOtherWork();

const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-evaluate-'));
const processes: (BenchProcess | undefined)[] = [];
const failures: string[] = [];

/** A server on a file store of its own, holding the 20-flag environment; returns it with a client key. */
async function switchyardWith(
  name: string,
  serverRoot?: string,
): Promise<{ server: ServerProcess; clientKey: string }> {
  const server = await startSwitchyard(
    {
      DATA_DIR: join(workDir, `data-${name}`),
      SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
    },
    FILE_LIMIT,
    serverRoot,
  );
  processes.push(server);
  const admin = adminApi(server.url, ADMIN_TOKEN);
  await admin.call('POST', '/environments', { key: ENVIRONMENT, name: 'Benchmark' });
  await admin.call('PUT', `/environments/${ENVIRONMENT}/segments/${SEGMENT.key}`, SEGMENT);
  for (const flag of FLAGS) await admin.call('PUT', `/environments/${ENVIRONMENT}/flags/${flag.key}`, flag);
  return { server, clientKey: await admin.createKey('client', ENVIRONMENT) };
}

/** Every context's request; checks each answer once and returns the answers' bodies. */
async function requestsAndAnswers(url: string, clientKey: string) {
  const requests: WrkRequest[] = [];
  const answers: string[] = [];
  for (let i = 0; i < CONTEXTS; i++) {
    const request: WrkRequest = {
      path: '/sdk/v1/evaluate',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
      body: JSON.stringify({ context: contextOf(i) }),
    };
    const res = await fetch(`${url}${request.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    const text = await res.text();
    const flags = res.ok ? Object.keys((JSON.parse(text) as { flags: object }).flags).length : 0;
    if (flags !== FLAGS.length)
      throw new Error(`evaluate for context ${i}: HTTP ${res.status}, ${flags} flags: ${text}`);
    requests.push(request);
    answers.push(text);
  }
  return { requests, answers };
}

/** The answer whose size is nearest the mean, for the bare route to return. */
function typicalAnswer(answers: readonly string[]): string {
  const mean = answers.reduce((sum, a) => sum + Buffer.byteLength(a), 0) / answers.length;
  return answers.reduce((best, a) =>
    Math.abs(Buffer.byteLength(a) - mean) < Math.abs(Buffer.byteLength(best) - mean) ? a : best,
  );
}

function scriptFor(name: string, requests: readonly WrkRequest[]): string {
  const file = join(workDir, `${name}.lua`);
  writeWrkScript(file, requests);
  return file;
}

async function measure(targets: readonly Target[]): Promise<void> {
  const wrk = (target: Target, seconds: number) =>
    runWrk({ url: target.url, script: target.script, connections: CONNECTIONS, seconds, threads: 1 });
  for (const target of targets) await wrk(target, WARM_UP_SECONDS);
  for (const [run, index] of ORDER.entries()) {
    const target = targets[index] as Target;
    const cpuBefore = procCpuSeconds(target.pid);
    const result = await wrk(target, SECONDS);
    const cpuMicrosPerRequest = ((procCpuSeconds(target.pid) - cpuBefore) / result.requests) * 1e6;
    target.runs.push({ ...result, cpuMicrosPerRequest });
    console.log(
      `  run ${run + 1}: ${target.name.padEnd(38)} ${count(Math.round(result.perSecond)).padStart(7)} req/s, ` +
        `p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, server CPU ${cpuMicrosPerRequest.toFixed(1)} µs/request, ` +
        `${result.errors + result.non2xx} errors (load ${loadavg()[0]?.toFixed(2)})`,
    );
    if (result.errors > 0 || result.non2xx > 0)
      failures.push(`${target.name}: ${result.errors} socket errors, ${result.non2xx} non-2xx responses`);
  }
}

function summarize(target: Target) {
  const requests = target.runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = target.runs.reduce((sum, r) => sum + r.seconds, 0);
  const mean = (pick: (r: Run) => number) =>
    target.runs.reduce((sum, r) => sum + pick(r), 0) / target.runs.length;
  return {
    name: target.name,
    requests,
    perSecond: requests / seconds,
    p50: mean((r) => r.p50),
    p90: mean((r) => r.p90),
    p99: mean((r) => r.p99),
    max: Math.max(...target.runs.map((r) => r.max)),
    bytes: mean((r) => r.bytesPerRequest),
    cpu: mean((r) => r.cpuMicrosPerRequest),
  };
}

try {
  const first = await switchyardWith('first');
  const second = await switchyardWith('second');
  const compared = COMPARE_DIR === undefined ? undefined : await switchyardWith('compared', COMPARE_DIR);
  const { requests, answers } = await requestsAndAnswers(first.server.url, first.clientKey);
  const secondAnswers = (await requestsAndAnswers(second.server.url, second.clientKey)).answers;
  const comparedAnswers =
    compared === undefined ? [] : (await requestsAndAnswers(compared.server.url, compared.clientKey)).answers;
  const differing = answers.filter(
    (a, i) => a !== secondAnswers[i] || (compared !== undefined && a !== comparedAnswers[i]),
  ).length;
  if (differing > 0) throw new Error(`the Switchyard servers answered ${differing} contexts differently`);
  const bareBody = typicalAnswer(answers);
  const bodyFile = join(workDir, 'bare-body.json');
  writeFileSync(bodyFile, bareBody);
  const bare = spawnBenchScript('src/delivery/evaluate/bare-server.ts', {
    env: { ...process.env, BARE_BODY_FILE: bodyFile },
    fileLimit: FILE_LIMIT,
  });
  processes.push(bare);
  const bareUrl = (await waitForOutput(bare, /bare route at (http:\/\/\S+)/, 'bare route'))[1] as string;
  const withKey = (key: string) =>
    requests.map((r) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${key}` } }));

  const targets: Target[] = [
    {
      name: 'bare Fastify route',
      url: `${bareUrl}/sdk/v1/evaluate`,
      pid: bare.pid,
      script: scriptFor('bare', requests),
      runs: [],
    },
    {
      name: 'POST /sdk/v1/evaluate, process 1',
      url: `${first.server.url}/sdk/v1/evaluate`,
      pid: first.server.pid,
      script: scriptFor('first', requests),
      runs: [],
    },
    {
      name: 'POST /sdk/v1/evaluate, process 2',
      url: `${second.server.url}/sdk/v1/evaluate`,
      pid: second.server.pid,
      script: scriptFor('second', withKey(second.clientKey)),
      runs: [],
    },
    ...(compared === undefined
      ? []
      : [
          {
            name: 'evaluate, compared copy',
            url: `${compared.server.url}/sdk/v1/evaluate`,
            pid: compared.server.pid,
            script: scriptFor('compared', withKey(compared.clientKey)),
            runs: [],
          },
        ]),
  ];

  const sizes = answers.map((a) => Buffer.byteLength(a));
  console.log(
    `${FLAGS.length} flags (rollouts, targeting rules, a segment, an experiment, a prerequisite, a killed flag); ` +
      `${count(CONTEXTS)} distinct contexts sent in turn; evaluate bodies ${Math.min(...sizes)}–${Math.max(...sizes)} bytes, ` +
      `the bare route's ${Buffer.byteLength(bareBody)} bytes`,
  );
  console.log(
    `wrk -t1 -c${CONNECTIONS}: ${WARM_UP_SECONDS} s warm-up per target, then ${ORDER.length} runs of ${SECONDS} s ` +
      `in the order ${ORDER.map((i) => SHORT_NAMES[i]).join(', ')}; ` +
      `Switchyard on file stores (pids ${first.server.pid} and ${second.server.pid}), ` +
      `bare Fastify pid ${bare.pid}\n`,
  );
  await measure(targets);

  const summary = targets.map(summarize);
  const [baseline, evaluate, evaluate2] = summary as [
    ReturnType<typeof summarize>,
    ReturnType<typeof summarize>,
    ReturnType<typeof summarize>,
  ];
  console.log(
    `\n${table(
      ['target', 'req/s', 'vs bare', 'p50', 'p90', 'p99', 'max', 'bytes/resp', 'CPU/req', 'requests'],
      summary.map((r) => [
        r.name,
        count(Math.round(r.perSecond)),
        `${((r.perSecond / baseline.perSecond) * 100).toFixed(1)}%`,
        ms(r.p50),
        ms(r.p90),
        ms(r.p99),
        ms(r.max),
        r.bytes.toFixed(0),
        `${r.cpu.toFixed(1)} µs`,
        count(r.requests),
      ]),
    )}`,
  );
  console.log(
    '(req/s over both runs of a target; p50, p90, p99 and CPU/req (the server process: user + system, all ' +
      'threads) the mean of its two runs; max the larger)',
  );
  console.log(
    `server CPU per request vs the bare route: evaluate ${(evaluate.cpu / baseline.cpu).toFixed(2)}x ` +
      `and ${(evaluate2.cpu / baseline.cpu).toFixed(2)}x` +
      (summary[3] === undefined
        ? ''
        : `, the compared copy ${(summary[3].cpu / baseline.cpu).toFixed(2)}x ` +
          `(${((summary[3].perSecond / baseline.perSecond) * 100).toFixed(1)}% of the bare route's req/s)`),
  );
  const ratio = (evaluate.perSecond + evaluate2.perSecond) / 2 / baseline.perSecond;
  const ok = ratio >= MIN_RATIO;
  console.log(
    `\n${verdict(ok)}  evaluate (mean of its two processes) ≥ ${MIN_RATIO * 100}% of the bare route's req/s: ${(ratio * 100).toFixed(1)}%`,
  );
  if (!ok) failures.push(`evaluate at ${(ratio * 100).toFixed(1)}% of the bare route's req/s`);
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  await stopAll(processes.reverse());
  rmSync(workDir, { recursive: true, force: true });
}

reportOtherWork();
if (failures.length > 0) {
  console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
}
