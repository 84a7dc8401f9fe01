// One chaos run: the cluster, the SDK clients and the writers under seeded random faults for a given
// time, then the faults stop, every writer makes one last acknowledged write, and the run waits for
// every client to serve the final ruleset. Returns what happened; checks.ts judges it.

import type { Flag } from '@switchyard/shared';
import { adminApi } from '../delivery/admin-api.js';
import { ADMIN_TOKEN, Cluster, type Crash } from './cluster.js';
import { FAULT_KINDS, type Fault, faultSchedule, injectFault } from './faults.js';
import { LoadProcess } from './load-processes.js';
import type { Convergence, LoadStats } from './protocol.js';
import { seededRandom } from './random.js';
import {
  ENVIRONMENT,
  type FlagState,
  flagPath,
  type StatusCounts,
  stateOf,
  Writer,
  type WriterCounts,
} from './writers.js';

export interface StoredFlag {
  /** The states the history holds, by version (the newest HISTORY_KEPT versions). */
  history: Record<number, FlagState>;
  current: { version: number; state: FlagState };
}

export interface ChaosOptions {
  minutes: number;
  seed: number;
  clients: number;
  writers: number;
  loadProcesses: number;
  /** How long the clients may take to serve the final ruleset, from the last write, before it is a failure. */
  convergeWithinMs: number;
}

export interface ChaosRun {
  options: ChaosOptions;
  faults: Fault[];
  /** Every writer's acknowledged writes, by flag, oldest first. */
  acks: Record<string, { version: number; state: FlagState; at: number }[]>;
  /** What the store holds at the end, read through HAProxy: each flag's history and its current state. */
  stored: Record<string, StoredFlag>;
  counts: WriterCounts;
  /** Milliseconds from the start of the run. */
  faultsStoppedAt: number;
  lastWriteAt: number;
  finalRevision: number;
  convergence: Convergence[];
  load: LoadStats[];
  /** Instances that exited without being told to (`at` in milliseconds from the start of the run). */
  crashes: Crash[];
  durationMs: number;
}

const FAULT_GAP_MS: [number, number] = [2_000, 6_000];
const WRITE_GAP_MS: [number, number] = [500, 900];
const SUMMARY_EVERY_MS = 10_000;
const FINAL_WRITE_TIMEOUT_MS = 60_000;
const CONVERGE_TIMEOUT_MS = 30_000;
const USERS = ['user-1', 'user-2', 'user-3'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function tally(counts: StatusCounts): { ok: number; unavailable: number; conflict: number; failed: number } {
  let ok = 0;
  let unavailable = 0;
  let conflict = 0;
  let failed = 0;
  for (const [status, n] of counts) {
    if (status >= 200 && status < 300) ok += n;
    else if (status === 503) unavailable += n;
    else if (status === 409) conflict += n;
    else failed += n;
  }
  return { ok, unavailable, conflict, failed };
}

export async function runChaos(options: ChaosOptions, log: (line: string) => void): Promise<ChaosRun> {
  const startedAt = Date.now();
  const elapsed = () => seconds(Date.now() - startedAt);
  const random = seededRandom(options.seed);
  const cluster = await Cluster.start(3);
  const loads: LoadProcess[] = [];
  try {
    log(
      `cluster up in ${elapsed()}: HAProxy ${cluster.url}, instances ${cluster.instances.map((i) => `${i.name}:${i.port}`).join(' ')}, Redis master on ${await cluster.masterPort()}`,
    );
    const admin = adminApi(cluster.url, ADMIN_TOKEN);
    const serverKey = await admin.createKey('server', ENVIRONMENT);
    const counts: WriterCounts = { writes: new Map(), reads: new Map(), mismatches: [] };
    const writers = Array.from(
      { length: options.writers },
      (_, i) => new Writer(`chaos-${i + 1}`, cluster.url, ADMIN_TOKEN, random.fork(), counts),
    );
    for (const writer of writers) await writer.create();

    const perProcess = Math.ceil(options.clients / options.loadProcesses);
    for (let i = 0; i < options.loadProcesses; i++) {
      const clients = Math.min(perProcess, options.clients - i * perProcess);
      if (clients <= 0) break;
      loads.push(
        await LoadProcess.start({
          url: cluster.url,
          serverKey,
          clients,
          flagKeys: writers.map((w) => w.key),
          users: USERS,
          evaluateEveryMs: 1_000,
        }),
      );
    }
    log(
      `${options.clients} SDK clients streaming through HAProxy in ${loads.length} processes (${elapsed()})`,
    );

    const faultsUntil = Date.now() + options.minutes * 60_000;
    let writing = true;
    const writerLoops = writers.map(async (writer) => {
      const gaps = random.fork();
      while (writing) {
        await writer.step();
        await sleep(gaps.int(...WRITE_GAP_MS));
      }
    });
    const summary = setInterval(() => {
      void Promise.all(loads.map((l) => l.stats()))
        .then((stats) => {
          const w = tally(counts.writes);
          const states: Record<string, number> = {};
          for (const s of stats)
            for (const [state, n] of Object.entries(s.states)) states[state] = (states[state] ?? 0) + n;
          log(
            `[${elapsed()}] writes acked ${w.ok}, 503 ${w.unavailable}, 409 ${w.conflict}, failed ${w.failed}; ` +
              `clients ${Object.entries(states)
                .map(([s, n]) => `${s} ${n}`)
                .join(', ')}; ` +
              `evaluations ${stats.reduce((n, s) => n + s.evaluations, 0)}, threw ${stats.reduce((n, s) => n + s.threw, 0)}; faults ${faults.length}`,
          );
        })
        .catch((error) => log(`[${elapsed()}] summary failed: ${String(error).slice(0, 2_000)}`));
    }, SUMMARY_EVERY_MS);

    const faults: Fault[] = [];
    const faultRandom = random.fork();
    const nextFault = faultSchedule(faultRandom);
    try {
      // Until the time is up, and at least one fault of each kind (a short run on a slow machine).
      const more = () => Date.now() < faultsUntil || faults.length < FAULT_KINDS.length;
      while (more()) {
        await sleep(faultRandom.int(...FAULT_GAP_MS));
        if (!more()) break;
        const fault = await injectFault(cluster, nextFault(), faultRandom, startedAt);
        faults.push(fault);
        log(
          `[${elapsed()}] fault ${faults.length}: ${fault.detail} (recovered in ${seconds(fault.recoveredMs)})`,
        );
      }
    } finally {
      writing = false;
      await Promise.all(writerLoops);
    }
    const faultsStoppedAt = Date.now();
    log(`[${elapsed()}] faults stopped; every writer makes one last acknowledged write`);

    // Afterwards no write whose answer was lost can land: each If-Match names a version now gone.
    const deadline = Date.now() + FINAL_WRITE_TIMEOUT_MS;
    await Promise.all(
      writers.map(async (writer) => {
        while (!(await writer.step())) {
          if (Date.now() > deadline)
            throw new Error(
              `${writer.key}: no acknowledged write within ${FINAL_WRITE_TIMEOUT_MS} ms after the faults`,
            );
          await sleep(200);
        }
      }),
    );
    const lastWriteAt = Math.max(...writers.flatMap((w) => w.acks.map((a) => a.at)));
    const ruleset = await fetch(`${cluster.url}/sdk/v1/ruleset`, {
      headers: { authorization: `Bearer ${serverKey}` },
    });
    const finalRevision = ((await ruleset.json()) as { revision?: number }).revision ?? -1;
    log(
      `[${elapsed()}] last write acknowledged; waiting for every client to serve revision ${finalRevision}`,
    );
    const converged = await Promise.all(
      loads.map((l) =>
        l.converge(finalRevision, lastWriteAt, Math.max(CONVERGE_TIMEOUT_MS, options.convergeWithinMs)),
      ),
    );
    clearInterval(summary);

    const stored: Record<string, StoredFlag> = {};
    for (const writer of writers) {
      const { versions } = await admin.call<{ versions: Flag[] }>('GET', `${flagPath(writer.key)}/history`);
      const current = await admin.call<Flag>('GET', flagPath(writer.key));
      stored[writer.key] = {
        history: Object.fromEntries(versions.map((v) => [v.version, stateOf(v)])),
        current: { version: current.version, state: stateOf(current) },
      };
    }

    return {
      options,
      faults,
      acks: Object.fromEntries(
        writers.map((w) => [
          w.key,
          w.acks.map(({ version, state, at }) => ({ version, state, at: at - startedAt })),
        ]),
      ),
      counts,
      faultsStoppedAt: faultsStoppedAt - startedAt,
      lastWriteAt: lastWriteAt - startedAt,
      finalRevision,
      convergence: converged.map((c) => c.convergence),
      load: converged.map((c) => c.stats),
      stored,
      crashes: cluster.crashes.map((crash) => ({ ...crash, at: crash.at - startedAt })),
      durationMs: Date.now() - startedAt,
    };
  } finally {
    await Promise.all(loads.map((l) => l.stop().catch(() => {})));
    await cluster.stop();
  }
}
