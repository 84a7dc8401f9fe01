import { type RollingReport, runRollingRestart } from '@switchyard/test-support/rolling-restart';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * A rolling update behind a real load balancer (HAProxy, health checks on /health/ready) of three
 * instances sharing one redis-server, under streaming SDK clients, browser evaluate streams, remote
 * evaluations and an admin writer: nobody notices (docs/operations.md, "Rolling updates").
 */
describe('rolling restart behind HAProxy', () => {
  let report: RollingReport;

  // Each replacement compiles and starts from source: on a shared 2-core machine under heavy load
  // (load average 30-48) the run took 100-230 s, so the hook has 7 minutes before it counts as hung.
  beforeAll(async () => {
    report = await runRollingRestart();
  }, 420_000);

  it('restarts every instance in turn while traffic flows', () => {
    expect(report.restartsMs).toHaveLength(3);
    expect(report.writes.ok).toBeGreaterThan(20);
    expect(report.evaluations.ok).toBeGreaterThan(20);
    expect(report.sdk.reconnectsMs.length).toBeGreaterThan(0);
    expect(report.browser.opened).toBeGreaterThan(20);
  });

  it('fails no admin write and no evaluation', () => {
    expect(report.writes.failures).toEqual([]);
    expect(report.evaluations.failures).toEqual([]);
    expect(report.browser.failures).toEqual([]);
  });

  it('brings every SDK client to the last written version within 2 s of the write', () => {
    expect(report.servedRevisions).toEqual(report.servedRevisions.map(() => report.lastRevision));
    expect(report.sdk.behind).toBe(0);
    expect(report.sdk.lastWriteConvergedMs).not.toBeNull();
    expect(report.sdk.lastWriteConvergedMs).toBeLessThanOrEqual(2_000);
  });

  it('never takes any client back to an older version', () => {
    expect(report.sdk.regressions).toEqual([]);
    expect(report.browser.regressions).toEqual([]);
  });
});
