// The evaluation benchmark: one boolean flag at a 5% rollout, evaluated for 1,000,000 distinct users by
// Switchyard and by four peer SDKs running offline, (a) as a plain rollout and (b) behind ten
// non-matching country rules; then (c) realistic rules, many generated flags and 200,000 users, against
// flagd (engine/realistic). Prints evals/s per SDK, the share of users on, and PASS/FAIL per target.
import { compareHashes } from './engine/hashing.js';
import { runRealistic } from './engine/realistic/run.js';
import { FLAG_KEY, ROLLOUT_PERCENT, SCENARIOS, type Scenario, userIds } from './engine/scenarios.js';
import type { Subject, SubjectFactory } from './engine/subject.js';
import { flagd } from './engine/subjects/flagd.js';
import { growthBook } from './engine/subjects/growthbook.js';
import { launchDarkly } from './engine/subjects/launchdarkly.js';
import { switchyard } from './engine/subjects/switchyard.js';
import { unleash } from './engine/subjects/unleash.js';
import { median, timed } from './support/measure.js';
import { formatPercent, formatRate, installedVersion, machineLine, table } from './support/report.js';

const USERS = 1_000_000;
const WARM_UP_USERS = 200_000;
const WARM_UP_PASSES = 2;
const MEASURED_PASSES = 3;
const MIN_ROLLOUT_RATE = 8_000_000;
const MIN_RULES_RATIO_TO_FASTEST_PEER = 10;
const SHARE_BOUNDS = [0.04, 0.06] as const;

const PEERS: readonly SubjectFactory[] = [unleash, launchDarkly, growthBook, flagd];

interface Measurement {
  readonly name: string;
  readonly version: string;
  readonly perSecond: number;
  /** How many of the users were served `on`, and that as a share. */
  readonly on: number;
  readonly share: number;
}

async function measure(factory: SubjectFactory, scenario: Scenario, ids: string[], warmIds: string[]) {
  const subject: Subject = await factory(scenario);
  const warm = subject.inputs(warmIds);
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) await subject.countEnabled(warm);
  const inputs = subject.inputs(ids);
  const rates: number[] = [];
  const onCounts = new Set<number>();
  for (let pass = 0; pass < MEASURED_PASSES; pass++) {
    const { result, ns } = await timed(() => subject.countEnabled(inputs));
    rates.push((inputs.length / ns) * 1e9);
    onCounts.add(result);
  }
  await subject.close();
  if (onCounts.size !== 1) throw new Error(`${subject.name} gave different answers for the same users`);
  const measurement: Measurement = {
    name: subject.name,
    version: `${subject.packageName}@${installedVersion(subject.packageName)}`,
    perSecond: median(rates),
    on: [...onCounts][0] as number,
    share: ([...onCounts][0] as number) / inputs.length,
  };
  console.log(
    `  ${measurement.name.padEnd(12)} ${formatRate(measurement.perSecond).padStart(11)}` +
      `  (passes: ${rates.map((r) => formatRate(r)).join(', ')}; on: ${formatPercent(measurement.share)})`,
  );
  return measurement;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const failures: string[] = [];

console.log(`Switchyard evaluation benchmark — ${machineLine()}`);
console.log(
  `flag "${FLAG_KEY}" at ${ROLLOUT_PERCENT}%, ${USERS.toLocaleString('en-US')} distinct user ids, ` +
    `${WARM_UP_PASSES} warm-up passes over ${WARM_UP_USERS.toLocaleString('en-US')} other ids, ` +
    `median of ${MEASURED_PASSES} measured passes`,
);

const ids = userIds(USERS);
const warmIds = userIds(WARM_UP_USERS, 'warm-');

for (const scenario of SCENARIOS) {
  console.log(`\n(${scenario.id}) ${scenario.title}`);
  const peers: Measurement[] = [];
  for (const peer of PEERS) peers.push(await measure(peer, scenario, ids, warmIds));
  const ours = await measure(switchyard, scenario, ids, warmIds);
  const fastestPeer = peers.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

  for (const m of [...peers, ours]) {
    if (m.share < SHARE_BOUNDS[0] || m.share > SHARE_BOUNDS[1]) {
      failures.push(`(${scenario.id}) ${m.name} served ${formatPercent(m.share)} on, outside 4–6%`);
    }
  }
  console.log();
  console.log(
    table(
      ['SDK', 'evals/s', 'vs fastest peer', 'on', 'version'],
      [...peers, ours].map((m) => [
        m.name,
        formatRate(m.perSecond),
        `${(m.perSecond / fastestPeer.perSecond).toFixed(2)}x`,
        `${formatPercent(m.share)} (${m.on.toLocaleString('en-US')})`,
        m.version,
      ]),
    ),
  );

  const ratio = ours.perSecond / fastestPeer.perSecond;
  const target =
    scenario.id === 'a'
      ? {
          text: `Switchyard ≥ ${formatRate(MIN_ROLLOUT_RATE)}: ${formatRate(ours.perSecond)}`,
          ok: ours.perSecond >= MIN_ROLLOUT_RATE,
        }
      : {
          text: `Switchyard ≥ ${MIN_RULES_RATIO_TO_FASTEST_PEER}x the fastest peer (${fastestPeer.name}): ${ratio.toFixed(1)}x`,
          ok: ratio >= MIN_RULES_RATIO_TO_FASTEST_PEER,
        };
  console.log(`\n${verdict(target.ok)}  (${scenario.id}) ${target.text}`);
  if (!target.ok) failures.push(`(${scenario.id}) ${target.text}`);
}

failures.push(...(await runRealistic()));

console.log('\nHashing salt + user id (median of 5 passes over the same ids)\n');
console.log(compareHashes(FLAG_KEY, ids, 5));

if (failures.length > 0) {
  console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('\nAll targets met; every SDK served 4–6% of users.');
}
