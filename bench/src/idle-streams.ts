// The idle-streams benchmark: 10,000 stream connections held open on one server instance (file
// store), each having received its `put` of a 20-flag ruleset; the server process's resident memory
// is read from /proc/<pid>/status before and after. Server and clients are separate processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApi } from './delivery/admin-api.js';
import { FLAGS, SEGMENT } from './delivery/evaluate/environment.js';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import {
  type BenchProcess,
  openFileLimit,
  procStatusBytes,
  spawnBenchScript,
  startSwitchyard,
  stopAll,
  waitForOutput,
} from './delivery/processes.js';
import { count, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

const CONNECTIONS = 10_000;
const SETTLE_MS = 3_000;
const TARGET_RSS_BYTES = 500e6;
const ADMIN_TOKEN = 'bench-idle-streams-admin-token';
const ENVIRONMENT = 'bench';
/** Every connection is a socket in both processes; the rest is headroom for the runtime's own files. */
const FILE_LIMIT = CONNECTIONS + 2_048;

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`Switchyard idle-streams benchmark: server memory with ${count(CONNECTIONS)} open streams`);
printMachine();
const reportOtherWork = watchOtherWork();

const workDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-idle-'));
const processes: (BenchProcess | undefined)[] = [];
const failures: string[] = [];

/** The server's own count of open server-SDK streams, from /metrics. */
async function openStreamsGauge(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^switchyard_stream_connections\{stream="server"\} (\d+)/m.exec(text);
  return match === null ? 0 : Number(match[1]);
}

try {
  const server = await startSwitchyard(
    { DATA_DIR: join(workDir, 'data'), SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN },
    FILE_LIMIT,
  );
  processes.push(server);
  const admin = adminApi(server.url, ADMIN_TOKEN);
  await admin.call('POST', '/environments', { key: ENVIRONMENT, name: 'Benchmark' });
  await admin.call('PUT', `/environments/${ENVIRONMENT}/segments/${SEGMENT.key}`, SEGMENT);
  for (const flag of FLAGS) await admin.call('PUT', `/environments/${ENVIRONMENT}/flags/${flag.key}`, flag);
  const serverKey = await admin.createKey('server', ENVIRONMENT);
  const putBytes = Buffer.byteLength(
    await (
      await fetch(`${server.url}/sdk/v1/ruleset`, { headers: { authorization: `Bearer ${serverKey}` } })
    ).text(),
  );
  await sleep(1_000);
  const before = { rss: procStatusBytes(server.pid, 'VmRSS'), hwm: procStatusBytes(server.pid, 'VmHWM') };
  console.log(
    `server pid ${server.pid} at ${server.url} (file store, ${FLAGS.length}-flag ruleset, put ${putBytes} bytes); ` +
      `RSS before: ${MB(before.rss)}`,
  );

  const load = spawnBenchScript('src/delivery/idle/load.ts', {
    env: {
      ...process.env,
      BENCH_STREAM_URL: `${server.url}/sdk/v1/stream`,
      BENCH_SERVER_KEY: serverKey,
      BENCH_CONNECTIONS: String(CONNECTIONS),
    },
    fileLimit: FILE_LIMIT,
    stdin: true,
  });
  processes.push(load);
  await waitForOutput(load, /^\[load\] start/m, 'load process');
  const limits = { server: openFileLimit(server.pid), load: openFileLimit(load.pid) };
  console.log(`open-file limits (soft): server ${limits.server}, load process ${limits.load}`);
  const ready = await waitForOutput(load, /^\[load\] ready: (\d+) of \d+ .*$/m, 'load process', 180_000);
  console.log(ready[0]);
  const received = Number(ready[1]);

  await sleep(SETTLE_MS);
  const after = { rss: procStatusBytes(server.pid, 'VmRSS'), hwm: procStatusBytes(server.pid, 'VmHWM') };
  const serverCount = await openStreamsGauge(server.url);
  load.send('count');
  const stillOpen = Number((await waitForOutput(load, /^\[load\] open: (\d+) of/m, 'load process'))[1]);

  const perConnection = (after.rss - before.rss) / CONNECTIONS;
  console.log(
    `\n${table(
      ['server process', 'value'],
      [
        ['streams with their put (load process)', `${count(received)} of ${count(CONNECTIONS)}`],
        [`streams still open after ${SETTLE_MS / 1000} s (load process)`, count(stillOpen)],
        ['open streams (server /metrics gauge)', count(serverCount)],
        ['RSS before (VmRSS)', MB(before.rss)],
        ['RSS with the streams open (VmRSS)', MB(after.rss)],
        ['RSS added by the streams', MB(after.rss - before.rss)],
        ['RSS added per connection', `${(perConnection / 1024).toFixed(1)} KiB`],
        ['peak RSS (VmHWM)', MB(after.hwm)],
      ],
    )}`,
  );
  const allOpen = received === CONNECTIONS && stillOpen === CONNECTIONS && serverCount === CONNECTIONS;
  const rssOk = after.rss < TARGET_RSS_BYTES;
  console.log(
    `\n${verdict(rssOk)}  RSS with ${count(CONNECTIONS)} streams < ${MB(TARGET_RSS_BYTES)}: ${MB(after.rss)}`,
  );
  console.log(`${verdict(allOpen)}  all ${count(CONNECTIONS)} streams received their put and stayed open`);
  if (!rssOk) failures.push(`RSS ${MB(after.rss)} ≥ ${MB(TARGET_RSS_BYTES)}`);
  if (!allOpen)
    failures.push(`streams: ${received} got a put, ${stillOpen} still open, server counts ${serverCount}`);
  load.send('quit');
  await load.exited;
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
