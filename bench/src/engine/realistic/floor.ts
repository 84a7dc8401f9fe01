// How much of scenario (c) is reading the contexts, whatever the engine: from bench/,
//   node --conditions=@switchyard/source --import tsx src/engine/realistic/floor.ts
// For the same calls as scenario (c) (users in order, then in random order), it times flagd-core, then loops
// that only read context attributes, with no matching at all: the user id and the attribute of each rule's
// first clause (what any engine reads when every rule fails on its first clause, as half the calls do
// before the rollout), and every attribute a flag's clauses name. Each value read is used (a string's
// last character, a number), so the loads cannot be left out. Printed next to the time per call that
// 10x flagd-core allows, measured in the same process.
import type { Flag } from '@switchyard/shared';
import {
  callOrder,
  FLAG_COUNT,
  generateFlags,
  generateSegments,
  generateUsers,
  USER_COUNT,
  type User,
} from './model.js';
import { flagdSubject } from './run.js';

const CALLS = 1_000_000;
const PASSES = 4;
const TARGET_RATIO = 10;

const segments = generateSegments();
const flags = generateFlags(segments.map((s) => s.key));
const users = generateUsers(USER_COUNT);
// Copies, as run.ts gives each engine its own context objects.
const contexts = users.map((u): User => ({ ...u }));
const flagd = flagdSubject(flags, segments, users);

const attributesOf = (flag: Flag, clauses: 'first' | 'all') => [
  ...new Set([
    'userId',
    ...(flag.rules ?? []).flatMap((rule) =>
      (clauses === 'first' ? rule.clauses.slice(0, 1) : rule.clauses).map((c) => c.attribute ?? 'userId'),
    ),
  ]),
];
const firstAttributes = flags.map((f) => attributesOf(f, 'first'));
const allAttributes = flags.map((f) => attributesOf(f, 'all'));
const perFlag = (lists: string[][]) => (lists.reduce((n, l) => n + l.length, 0) / lists.length).toFixed(1);

/** What the loops computed, kept so that no load in them can be left out as unused. */
let consumed = 0;

/** Nanoseconds per call of `loop` over the calls, the best of PASSES passes (after one to warm up). */
function nanosPerCall(loop: () => number): number {
  consumed += loop();
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < PASSES; pass++) {
    const start = process.hrtime.bigint();
    consumed += loop();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / CALLS);
  }
  return best;
}

function readLoop(lists: string[][], flagIndexes: Int32Array, userIndexes: Int32Array): () => number {
  return () => {
    let sink = 0;
    for (let i = 0; i < flagIndexes.length; i++) {
      const context = contexts[userIndexes[i] as number] as Record<string, unknown>;
      const names = lists[flagIndexes[i] as number] as string[];
      for (let a = 0; a < names.length; a++) {
        const value = context[names[a] as string];
        if (typeof value === 'string') sink += value.charCodeAt(value.length - 1);
        else if (typeof value === 'number') sink += value;
      }
    }
    return sink;
  };
}

console.log(
  `Scenario (c) contexts read with no matching: ${FLAG_COUNT} flags, ${USER_COUNT.toLocaleString('en-US')} users, ` +
    `${CALLS.toLocaleString('en-US')} calls, best of ${PASSES} passes`,
);
for (const shuffled of [false, true]) {
  const { flags: flagIndexes, users: userIndexes } = callOrder(CALLS, USER_COUNT, FLAG_COUNT, shuffled);
  const flagdNanos = nanosPerCall(() => flagd.loop(flagIndexes, userIndexes));
  const first = nanosPerCall(readLoop(firstAttributes, flagIndexes, userIndexes));
  const all = nanosPerCall(readLoop(allAttributes, flagIndexes, userIndexes));
  console.log(
    `\n  users ${shuffled ? 'in random order' : 'in order'}: flagd-core ${flagdNanos.toFixed(0)} ns per call, ` +
      `so ${TARGET_RATIO}x flagd-core allows ${(flagdNanos / TARGET_RATIO).toFixed(0)} ns\n` +
      `    reading the user id and each rule's first attribute (${perFlag(firstAttributes)} per flag): ${first.toFixed(0)} ns per call\n` +
      `    reading every attribute the flag's clauses name (${perFlag(allAttributes)} per flag): ${all.toFixed(0)} ns per call`,
  );
}
if (!Number.isFinite(consumed)) process.exitCode = 1;
