import type { EvaluationContext } from '@openfeature/core';
import { FlagdCore } from '@openfeature/flagd-core';
import { createEvaluator, type Flag, flagSchema, type Segment, segmentSchema } from '@switchyard/shared';
import { collectGarbage, median } from '../../support/measure.js';
import { formatRate, installedVersion, table } from '../../support/report.js';
import { flagdConfiguration } from './flagd-config.js';
import {
  callOrder,
  FLAG_COUNT,
  generateFlags,
  generateSegments,
  generateUsers,
  REALISTIC_SEED,
  SEGMENT_COUNT,
  USER_COUNT,
  type User,
} from './model.js';

/** Calls per pass; REALISTIC_CALLS sets fewer for a quick look (the numbers recorded use the default). */
const CALLS = Number(process.env.REALISTIC_CALLS ?? 1_000_000);
const WARM_UP_PASSES = 2;
const MEASURED_PASSES = 3;
const AGREEMENT_SAMPLE = 50_000;
export const MIN_REALISTIC_RATIO = 10;

interface Calls {
  readonly flags: Int32Array;
  readonly users: Int32Array;
}

interface Measured {
  readonly rate: number;
  /** Evaluations per second of the process's CPU time (user + system), less sensitive to other work. */
  readonly cpuRate: number;
  readonly rates: readonly number[];
}

/** One SDK's loop over a pass of calls; returns how many calls were served a rule's variant. */
type Loop = (flags: Int32Array, users: Int32Array) => number;

interface Subject {
  readonly name: string;
  readonly packageName: string;
  /** The variant served for one call, for the agreement check. */
  readonly served: (flag: number, user: number) => string;
  readonly loop: Loop;
}

function switchyardSubject(
  flags: readonly Flag[],
  segments: readonly Segment[],
  users: readonly User[],
): Subject {
  const evaluator = createEvaluator({
    flags: Object.fromEntries(flags.map((f) => [f.key, flagSchema.parse(f)])),
    segments: Object.fromEntries(segments.map((s) => [s.key, segmentSchema.parse(s)])),
  });
  const keys = flags.map((f) => f.key);
  const contexts = users.map((u) => ({ ...u }));
  return {
    name: 'Switchyard',
    packageName: '@switchyard/shared',
    served: (f, u) => evaluator.variation(keys[f] as string, contexts[u] as User, 'default'),
    loop(fs, us) {
      let matched = 0;
      for (let i = 0; i < fs.length; i++) {
        const value = evaluator.variation(
          keys[fs[i] as number] as string,
          contexts[us[i] as number] as User,
          'default',
        );
        if (value.length > 3) matched++;
      }
      return matched;
    },
  };
}

export function flagdSubject(
  flags: readonly Flag[],
  segments: readonly Segment[],
  users: readonly User[],
): Subject {
  const core = new FlagdCore();
  core.setConfigurations(flagdConfiguration(flags, segments));
  const keys = flags.map((f) => f.key);
  const contexts = users.map(
    ({ userId, ...rest }): EvaluationContext => ({ targetingKey: userId as string, ...rest }),
  );
  return {
    name: 'flagd',
    packageName: '@openfeature/flagd-core',
    served: (f, u) => core.resolveStringEvaluation(keys[f] as string, 'default', contexts[u]).value,
    loop(fs, us) {
      let matched = 0;
      for (let i = 0; i < fs.length; i++) {
        const value = core.resolveStringEvaluation(
          keys[fs[i] as number] as string,
          'default',
          contexts[us[i] as number],
        ).value;
        if (value.length > 3) matched++;
      }
      return matched;
    },
  };
}

/** Every call of a sample served the same variant by both engines; returns the share of rule matches. */
function checkAgreement(
  ours: Subject,
  peer: Subject,
  flags: Int32Array,
  users: Int32Array,
): Map<string, number> {
  const served = new Map<string, number>();
  const step = Math.max(1, Math.floor(flags.length / AGREEMENT_SAMPLE));
  for (let i = 0; i < flags.length; i += step) {
    const f = flags[i] as number;
    const u = users[i] as number;
    const a = ours.served(f, u);
    const b = peer.served(f, u);
    if (a !== b)
      throw new Error(`${ours.name} served "${a}" and ${peer.name} "${b}" for flag-${f} and user-${u}`);
    const kind = a.startsWith('rule-') ? 'a rule' : a;
    served.set(kind, (served.get(kind) ?? 0) + 1);
  }
  return served;
}

/**
 * Warm-up passes, then measured passes that alternate between the subjects, so that other work on a
 * shared machine weighs on each of them alike. Returns each subject's median rate and all its passes.
 */
function measureAlternating(subjects: readonly Subject[], calls: Calls, warm: Calls): Measured[] {
  for (const subject of subjects)
    for (let pass = 0; pass < WARM_UP_PASSES; pass++) subject.loop(warm.flags, warm.users);
  const rates = subjects.map((): number[] => []);
  const cpuRates = subjects.map((): number[] => []);
  const answers = subjects.map(() => new Set<number>());
  for (let pass = 0; pass < MEASURED_PASSES; pass++) {
    subjects.forEach((subject, s) => {
      collectGarbage();
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const result = subject.loop(calls.flags, calls.users);
      const ns = Number(process.hrtime.bigint() - start);
      const used = process.cpuUsage(cpu);
      rates[s]?.push((calls.flags.length / ns) * 1e9);
      cpuRates[s]?.push(calls.flags.length / ((used.user + used.system) / 1e6));
      answers[s]?.add(result);
    });
  }
  return subjects.map((subject, s) => {
    if (answers[s]?.size !== 1) throw new Error(`${subject.name} gave different answers for the same calls`);
    return {
      rate: median(rates[s] as number[]),
      rates: rates[s] as number[],
      cpuRate: median(cpuRates[s] as number[]),
    };
  });
}

/**
 * Scenario (c): prints the workload, checks that Switchyard and flagd agree on a sample, and measures
 * both with users in order and in random order. Returns the failed targets.
 */
export async function runRealistic(): Promise<string[]> {
  const segments = generateSegments();
  const flags = generateFlags(segments.map((s) => s.key));
  const users = generateUsers(USER_COUNT);
  const clauses = flags.flatMap((f) => (f.rules ?? []).flatMap((r) => r.clauses));
  const ops = new Map<string, number>();
  for (const c of clauses) ops.set(c.op, (ops.get(c.op) ?? 0) + 1);
  console.log(
    `\n(c) realistic rules: ${FLAG_COUNT} string flags (seed ${REALISTIC_SEED.toString(16)}), ` +
      `${(flags.reduce((n, f) => n + (f.rules?.length ?? 0), 0) / FLAG_COUNT).toFixed(1)} rules and ` +
      `${(clauses.length / FLAG_COUNT).toFixed(1)} clauses per flag, then a 5–50% rollout; ${SEGMENT_COUNT} segments; ` +
      `${USER_COUNT.toLocaleString('en-US')} users; ${CALLS.toLocaleString('en-US')} calls per pass, each a random flag`,
  );
  console.log(`  clauses by operator: ${[...ops].map(([op, n]) => `${op} ${n}`).join(', ')}`);

  const ours = switchyardSubject(flags, segments, users);
  const flagd = flagdSubject(flags, segments, users);
  const failures: string[] = [];
  for (const shuffled of [false, true]) {
    const calls = callOrder(CALLS, USER_COUNT, FLAG_COUNT, shuffled);
    const warm = callOrder(Math.ceil(CALLS / 5), USER_COUNT, FLAG_COUNT, shuffled, REALISTIC_SEED + 1);
    const served = checkAgreement(ours, flagd, calls.flags, calls.users);
    const sampled = [...served.values()].reduce((a, b) => a + b, 0);
    const order = shuffled ? 'users in random order' : 'users in order';
    console.log(
      `\n  ${order}: Switchyard and flagd agree on all ${sampled.toLocaleString('en-US')} sampled calls; served ` +
        [...served].map(([kind, n]) => `${kind} ${((n / sampled) * 100).toFixed(1)}%`).join(', '),
    );
    const rows: string[][] = [];
    const measured = measureAlternating([flagd, ours], calls, warm);
    const peer = measured[0] as Measured;
    const own = measured[1] as Measured;
    for (const [subject, m] of [
      [flagd, peer],
      [ours, own],
    ] as const) {
      rows.push([
        subject.name,
        formatRate(m.rate),
        m.rates.map((r) => formatRate(r)).join(', '),
        `${(m.rate / peer.rate).toFixed(2)}x`,
        formatRate(m.cpuRate),
        `${(m.cpuRate / peer.cpuRate).toFixed(2)}x`,
        `${subject.packageName}@${installedVersion(subject.packageName)}`,
      ]);
    }
    console.log(
      table(['SDK', 'evals/s', 'passes', 'vs flagd', 'evals/CPU-s', 'vs flagd (CPU)', 'version'], rows),
    );
    const ratio = own.rate / peer.rate;
    const text = `(c) ${order}: Switchyard ≥ ${MIN_REALISTIC_RATIO}x flagd: ${ratio.toFixed(1)}x`;
    console.log(`\n${ratio >= MIN_REALISTIC_RATIO ? 'PASS' : 'FAIL'}  ${text}`);
    if (ratio < MIN_REALISTIC_RATIO) failures.push(text);
  }
  return failures;
}
