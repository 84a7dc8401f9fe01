// The rolling-restart benchmark: the scenario of packages/server/test/rolling (one module,
// @switchyard/test-support/rolling-restart) run once, with its figures printed instead of asserted:
// HAProxy in front of three instances on one redis-server, each restarted in turn under 200 streaming
// SDK clients, 20 browser evaluate streams, 20 remote evaluations a second and a write every 100 ms.
import { runRollingRestart } from '@switchyard/test-support/rolling-restart';
import { printMachine, watchOtherWork } from './delivery/machine.js';
import { count, distribution, ms, verdict } from './delivery/stats.js';
import { table } from './support/report.js';

console.log('Switchyard rolling-restart benchmark: three instances behind HAProxy restarted in turn');
printMachine();
const reportOtherWork = watchOtherWork();

const report = await runRollingRestart({ log: (line) => console.log(line) });
reportOtherWork();

const dist = (values: number[]) => {
  const d = distribution(values);
  return [count(d.count), ms(d.p50, 0), ms(d.p99, 0), ms(d.max, 0)];
};
const staleness = report.sdk.stalenessMs.filter((v): v is number => v !== null);
const neverArrived = report.sdk.stalenessMs.length - staleness.length;
console.log(
  `\n${table(
    ['figure', 'count', 'p50', 'p99', 'max'],
    [
      ['staleness: write ack → last SDK client holds it', ...dist(staleness)],
      ['SDK reconnect: stream drop → stream resumed', ...dist(report.sdk.reconnectsMs)],
      ['instance restart: SIGTERM → replacement UP in HAProxy', ...dist(report.restartsMs)],
    ],
  )}`,
);
const failures =
  report.writes.failures.length + report.evaluations.failures.length + report.browser.failures.length;
const regressions = report.sdk.regressions.length + report.browser.regressions.length;
console.log(
  `\n${table(
    ['what', 'ok', 'failed'],
    [
      ['admin writes (through HAProxy)', count(report.writes.ok), count(report.writes.failures.length)],
      ['remote evaluations', count(report.evaluations.ok), count(report.evaluations.failures.length)],
      [
        'browser evaluate streams opened',
        count(report.browser.opened),
        count(report.browser.failures.length),
      ],
    ],
  )}`,
);
for (const failure of [
  ...report.writes.failures,
  ...report.evaluations.failures,
  ...report.browser.failures,
].slice(0, 10))
  console.log(`  failure: ${failure}`);
console.log(
  `\nSDK clients: ${report.sdk.clients}; writes some client never received: ${neverArrived}; ` +
    `clients behind the last write at the end: ${report.sdk.behind}; version regressions: ${regressions}`,
);
console.log(
  `last write: every SDK client held it ${report.sdk.lastWriteConvergedMs === null ? 'never (within 10 s)' : `${report.sdk.lastWriteConvergedMs} ms after its ack`}; ` +
    `instances serve revision ${report.servedRevisions.join(', ')} (last written ${report.lastRevision})`,
);
console.log(
  `HAProxy: ${report.haproxy.retries} retries, ${report.haproxy.redispatches} redispatches; run took ${(report.durationMs / 1000).toFixed(1)} s`,
);
const ok =
  failures === 0 &&
  regressions === 0 &&
  report.sdk.behind === 0 &&
  report.sdk.lastWriteConvergedMs !== null &&
  report.sdk.lastWriteConvergedMs <= 2_000;
console.log(
  `\n${verdict(ok)}: no failed write or evaluation, no regression, last write everywhere within 2 s`,
);
process.exit(ok ? 0 : 1);
