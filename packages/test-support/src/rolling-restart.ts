/**
 * The rolling-restart scenario, run by packages/server/test/rolling/rolling-restart.test.ts (which
 * asserts on its report) and by `pnpm bench rolling` (which prints its figures): HAProxy in front of
 * `instances` Switchyard servers sharing one redis-server; while every instance is restarted in turn
 * (SIGTERM, a new one started, HAProxy seeing it ready), Node SDK clients stream, browser-style
 * evaluate streams read, remote evaluations run at a steady rate and a writer ramps a flag, all
 * through HAProxy. Everything it starts is stopped before it returns or throws.
 */
import { booleanFlag } from './flags.js';
import { startHaproxy } from './haproxy.js';
import { startRedis } from './redis.js';
import {
  type Ack,
  browserStreams,
  type Regression,
  rampWriter,
  type Seen,
  sdkFleet,
  steadyRate,
} from './rolling-traffic.js';
import { apiCaller, PROCESS_ADMIN_TOKEN, type ServerProcess, spawnServer } from './server-process.js';

export interface RollingOptions {
  instances?: number;
  sdkClients?: number;
  browserStreams?: number;
  /** Milliseconds between two remote evaluations (`POST /sdk/v1/evaluate`). */
  evaluateEveryMs?: number;
  /** Milliseconds between two admin writes. */
  writeEveryMs?: number;
  /** Each instance's DRAIN_SECONDS. */
  drainSeconds?: number;
  /** How long every SDK client has to reach the last write before the run gives up waiting. */
  convergeTimeoutMs?: number;
  /** Progress lines (an instance restarted, ...). */
  log?: (line: string) => void;
}

export interface RollingReport {
  writes: { ok: number; failures: string[] };
  evaluations: { ok: number; failures: string[] };
  browser: { opened: number; failures: string[]; regressions: Regression[] };
  sdk: {
    clients: number;
    regressions: Regression[];
    reconnectsMs: number[];
    /** Per acknowledged write, ms from its ack until the last SDK client held it (null: one never did). */
    stalenessMs: (number | null)[];
    /** Ms from the last write's ack until every SDK client held it (null: some never did in time). */
    lastWriteConvergedMs: number | null;
    /** Clients not on the last written revision when the run stopped waiting. */
    behind: number;
  };
  /** The revision the last acknowledged write made, and the one every instance serves at the end. */
  lastRevision: number;
  servedRevisions: number[];
  /** Per instance restarted: ms from SIGTERM until HAProxy saw its replacement UP. */
  restartsMs: number[];
  haproxy: { retries: number; redispatches: number };
  durationMs: number;
}

const ENV = 'production';
const FLAG = 'rolling-restart';
const FLAG_PATH = `/api/v1/environments/${ENV}/flags/${FLAG}`;

/** When a client first held `revision` or newer, if it ever did. */
function firstHeld(seen: Seen[], revision: number): number | undefined {
  return seen.find((s) => s.revision >= revision)?.at;
}

/** Ms from `ack` until every client held `revision`; null when one never did. */
function staleness(seen: Seen[][], ack: number, revision: number): number | null {
  let latest = ack;
  for (const history of seen) {
    const at = firstHeld(history, revision);
    if (at === undefined) return null;
    latest = Math.max(latest, at);
  }
  return latest - ack;
}

const port = (server: ServerProcess) => Number(new URL(server.url).port);

export async function runRollingRestart(options: RollingOptions = {}): Promise<RollingReport> {
  const o = {
    instances: 3,
    sdkClients: 200,
    browserStreams: 20,
    evaluateEveryMs: 50,
    writeEveryMs: 100,
    drainSeconds: 3,
    convergeTimeoutMs: 10_000,
    log: () => {},
    ...options,
  };
  const started = Date.now();
  const api = apiCaller(PROCESS_ADMIN_TOKEN);
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  const redis = await startRedis();
  cleanup.push(() => redis.stop());
  // A shared machine under load may take long to compile and start a server from source.
  const spawn = () =>
    spawnServer(
      {
        REDIS_URL: redis.url,
        SWITCHYARD_ADMIN_TOKEN: PROCESS_ADMIN_TOKEN,
        DRAIN_SECONDS: String(o.drainSeconds),
      },
      [],
      90_000,
    );
  const servers = new Map<string, ServerProcess>();
  cleanup.push(() => Promise.all([...servers.values()].map((s) => s.stop('SIGKILL'))));
  try {
    const names = Array.from({ length: o.instances }, (_, i) => `s${i + 1}`);
    for (const [name, server] of await Promise.all(names.map(async (n) => [n, await spawn()] as const)))
      servers.set(name, server);
    const first = servers.get('s1') as ServerProcess;
    const lb = await startHaproxy({
      servers: Object.fromEntries([...servers].map(([n, s]) => [n, port(s)])),
    });
    cleanup.push(() => lb.stop());
    for (const name of names) await lb.waitFor(name, 'UP', 30_000);

    const key = async (kind: 'server' | 'client') => {
      const res = await api(first.url, 'POST', '/api/v1/keys', {
        kind,
        name: `rolling ${kind}`,
        environment: ENV,
      });
      if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.secret as string;
    };
    const serverKey = await key('server');
    const clientKey = await key('client');
    const created = await api(first.url, 'PUT', FLAG_PATH, booleanFlag(FLAG, 0));
    if (created.status >= 300) throw new Error(`flag: ${created.status} ${JSON.stringify(created.body)}`);
    // One writer, one flag: every write moves the environment revision and the flag version by one.
    const ruleset = await fetch(`${first.url}/sdk/v1/ruleset`, {
      headers: { authorization: `Bearer ${serverKey}` },
    }).then((r) => r.json() as Promise<{ revision: number }>);
    const revisionOf = (version: number) => ruleset.revision + version - (created.body.version as number);

    const fleet = await sdkFleet(lb.url, serverKey, o.sdkClients);
    cleanup.push(() => fleet.close());
    const browser = browserStreams(lb.url, clientKey, o.browserStreams);
    cleanup.push(() => browser.close());
    let evaluation = 0;
    const evaluations = steadyRate(o.evaluateEveryMs, async () => {
      const res = await fetch(`${lb.url}/sdk/v1/evaluate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ context: { userId: `remote-${evaluation++}` } }),
      });
      const body = await res.text();
      return res.status === 200 && FLAG in (JSON.parse(body) as { flags: object }).flags
        ? null
        : `evaluate: ${res.status} ${body}`;
    });
    cleanup.push(() => evaluations.stop());
    const writer = rampWriter(lb.url, PROCESS_ADMIN_TOKEN, FLAG_PATH, o.writeEveryMs);
    cleanup.push(() => writer.stop());
    o.log(`${o.instances} instances behind HAProxy, ${o.sdkClients} SDK clients connected; restarting`);

    await new Promise((r) => setTimeout(r, 1_000));
    const restartsMs: number[] = [];
    for (const name of names) {
      const old = servers.get(name) as ServerProcess;
      const signalled = Date.now();
      const exited = old.stop('SIGTERM');
      // The replacement starts while the old one drains (a surge, as `maxUnavailable: 0` does).
      const [replacement] = await Promise.all([spawn(), lb.waitFor(name, 'DOWN', 30_000)]);
      servers.set(name, replacement);
      await lb.setServer(name, port(replacement));
      await lb.waitFor(name, 'UP', 30_000);
      restartsMs.push(Date.now() - signalled);
      const code = await exited;
      o.log(`${name}: restarted in ${restartsMs.at(-1)} ms (old instance exited with ${code})`);
      if (code !== 0) throw new Error(`${name} exited with ${code}:\n${old.output()}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));

    await writer.stop();
    await evaluations.stop();
    // Writes overlap: the last one is the one that made the newest version.
    const lastAck = writer.acks.reduce<Ack | undefined>(
      (a, b) => (a && a.version > b.version ? a : b),
      undefined,
    );
    if (lastAck === undefined) throw new Error(`no write was acknowledged: ${writer.failures.slice(0, 3)}`);
    const lastRevision = revisionOf(lastAck.version);
    const deadline = lastAck.at + o.convergeTimeoutMs;
    const behind = () => fleet.clients.filter((c) => (c.status().revision ?? -1) < lastRevision).length;
    while (behind() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    browser.close();

    const servedRevisions = await Promise.all(
      [...servers.values()].map(async (s) => {
        const res = await fetch(`${s.url}/sdk/v1/ruleset`, {
          headers: { authorization: `Bearer ${serverKey}` },
        });
        return ((await res.json()) as { revision: number }).revision;
      }),
    );
    return {
      writes: { ok: writer.acks.length, failures: writer.failures },
      evaluations: { ok: evaluations.ok(), failures: evaluations.failures },
      browser: { opened: browser.opened(), failures: browser.failures, regressions: browser.regressions },
      sdk: {
        clients: o.sdkClients,
        regressions: fleet.regressions,
        reconnectsMs: fleet.reconnectsMs,
        stalenessMs: writer.acks.map((a) => staleness(fleet.seen, a.at, revisionOf(a.version))),
        lastWriteConvergedMs: staleness(fleet.seen, lastAck.at, lastRevision),
        behind: behind(),
      },
      lastRevision,
      servedRevisions,
      restartsMs,
      haproxy: await lb.retries(),
      durationMs: Date.now() - started,
    };
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }
}
