// Switchyard alone on scenario (c), for `node --cpu-prof` (see BENCHMARKS.md, "Profile"): from bench/,
//   node --conditions=@switchyard/source --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof src/engine/realistic/profile.ts
// Users in random order (PROFILE_IN_ORDER=1: in order); PROFILE_FLAGD=1 profiles flagd instead.
import { FlagdCore } from '@openfeature/flagd-core';
import { flagdConfiguration } from './flagd-config.js';
import {
  callOrder,
  FLAG_COUNT,
  generateFlags,
  generateSegments,
  generateUsers,
  USER_COUNT,
} from './model.js';

const PASSES = Number(process.env.PROFILE_PASSES ?? 6);
const segments = generateSegments();
const flags = generateFlags(segments.map((s) => s.key));
const users = generateUsers(USER_COUNT);
const keys = flags.map((f) => f.key);
const calls = callOrder(
  1_000_000,
  Number(process.env.PROFILE_USERS ?? USER_COUNT),
  FLAG_COUNT,
  process.env.PROFILE_IN_ORDER === undefined,
);

// SHARED_DIST=/path/to/dist/index.js profiles another build of the engine (an older commit, say).
const { createEvaluator, flagSchema, segmentSchema }: typeof import('@switchyard/shared') = await import(
  process.env.SHARED_DIST ?? '@switchyard/shared'
);
let evaluate: (key: string, user: number) => string;
if (process.env.PROFILE_FLAGD) {
  const core = new FlagdCore();
  core.setConfigurations(flagdConfiguration(flags, segments));
  const contexts = users.map(({ userId, ...rest }) => ({ targetingKey: userId as string, ...rest }));
  evaluate = (key, u) => core.resolveStringEvaluation(key, 'default', contexts[u]).value;
} else {
  const evaluator = createEvaluator({
    flags: Object.fromEntries(flags.map((f) => [f.key, flagSchema.parse(f)])),
    segments: Object.fromEntries(segments.map((s) => [s.key, segmentSchema.parse(s)])),
  });
  evaluate = (key, u) => evaluator.variation(key, users[u] as Record<string, unknown>, 'default');
}

let rate = 0;
for (let pass = 0; pass < PASSES; pass++) {
  let matched = 0;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls.flags.length; i++) {
    if (evaluate(keys[calls.flags[i] as number] as string, calls.users[i] as number).length > 3) matched++;
  }
  rate = (calls.flags.length / Number(process.hrtime.bigint() - start)) * 1e9;
  const used = process.cpuUsage(cpu);
  const cpuRate = calls.flags.length / ((used.user + used.system) / 1e6);
  console.log(
    `pass ${pass}: ${(rate / 1e6).toFixed(3)} M/s wall, ${(cpuRate / 1e6).toFixed(3)} M per CPU-second (${matched} served a rule)`,
  );
}
