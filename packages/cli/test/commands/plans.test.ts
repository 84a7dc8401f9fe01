import { LATENCY_BUCKETS_MS } from '@switchyard/shared';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

const START = Date.parse('2026-06-01T12:00:00Z');
const FLAG = '/api/v1/environments/production/flags/canary';
let clock = START;
let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;
let sdkKey: string;

beforeEach(async () => {
  clock = START;
  // Plans move only when the test ticks them, on the test's clock.
  server = await startTestServer({ planTickMs: 0, now: () => clock });
  cli = cliFor(server);
  await server.api('PUT', FLAG, booleanFlag('canary', 0));
  sdkKey = await server.createKey('server', 'production');
});
afterEach(async () => {
  await server.close();
});

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** Exit code `code` and exactly the one line on stderr, nothing on stdout. */
function expectError(result: CliResult, code: 1 | 2, line: string): void {
  expect(result).toEqual({ code, stdout: '', stderr: `switchyard: ${line}\n` });
}

/** The value of a `label  value` line of the plan summary. */
function field(stdout: string, label: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${label}  `));
  return line?.slice(label.length).trim();
}

/** The treatment/control table under the summary, without its header. */
function numbers(stdout: string): string[][] {
  const rows = tableRows(stdout);
  const header = rows.findIndex((r) => r[0] === 'SIDE');
  expect(rows[header]).toEqual(['SIDE', 'VARIANT', 'EVALUATIONS', 'ERRORS', 'ERROR RATE', 'P95 LATENCY']);
  return rows.slice(header + 1);
}

/** A latency histogram with every sample in the bucket whose upper bound is `ms`. */
function latencies(count: number, ms: number) {
  const counts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  counts[LATENCY_BUCKETS_MS.indexOf(ms as (typeof LATENCY_BUCKETS_MS)[number])] = count;
  return { counts, sumMs: count * ms };
}

/** What the SDKs of a service report, through the real events endpoint with a server key. */
async function report(on: Record<string, unknown>, off: Record<string, unknown>) {
  const sent = await server.api(
    'POST',
    '/sdk/v1/events',
    {
      metrics: [
        { flag: 'canary', variant: 'on', ...on },
        { flag: 'canary', variant: 'off', ...off },
      ],
    },
    { token: sdkKey },
  );
  expect(sent.status).toBeLessThan(300);
}

async function tickAt(msAfterStart: number) {
  clock = START + msAfterStart;
  await server.server.app.tickPlans();
}

const plan = async () => (await server.api('GET', `${FLAG}/plan`)).body.plan;
const flag = async () => (await server.api('GET', FLAG)).body;
const onWeight = (f: any) => f.fallthrough.rollout.variants.find((v: any) => v.variant === 'on').weight;

describe('flags plan', () => {
  it('starts a plan, shows it advance, pauses, resumes and aborts it', async () => {
    const started = ok(
      await cli('flags', 'plan', 'start', 'canary', '--steps', '1,5,25,50,100', '--min-samples', '100'),
    );
    expect(started.split('\n').slice(0, 2)).toEqual([
      'canary: guarded rollout started at step 1 of 5 (1%)',
      'steps      [1%] → 5% → 25% → 50% → 100%',
    ]);
    expect(started).toMatch(/^next step {2}2026-06-01 12:10:00 \(.+\), if the guards hold$/m);
    expect(await plan()).toMatchObject({
      state: 'running',
      stepIndex: 0,
      steps: [1, 5, 25, 50, 100],
      intervalSeconds: 600,
      guards: { minSamples: 100, maxErrorRate: 0.01, windowSeconds: 120 },
    });
    expect(onWeight(await flag())).toBe(1_000);

    let shown = ok(await cli('flags', 'plan', 'canary'));
    expect(shown.split('\n')[0]).toBe('canary (production): guarded rollout running');
    expect(field(shown, 'state')).toBe('running at step 1 of 5 (1%)');
    expect(field(shown, 'steps')).toBe('[1%] → 5% → 25% → 50% → 100%');
    expect(field(shown, 'interval')).toBe('10m at each step');
    expect(field(shown, 'next step')).toMatch(/^2026-06-01 12:10:00 \(.+\), if the guards hold$/);
    expect(field(shown, 'guards')).toBe(
      "roll back when the treatment's error rate is over 1% or 2x the control's, or its p95 latency over 2x the control's",
    );
    expect(field(shown, 'window')).toBe('2m; a step advances with 100 evaluations on each side');
    expect(field(shown, 'on regression')).toBe('rollback (ramp to 0%)');
    expect(field(shown, 'last decision')).toBe('start at 2026-06-01 12:00:00');
    expect(field(shown, 'reason')).toBe('started by SWITCHYARD_ADMIN_TOKEN at 1%');
    expect(shown).not.toContain('SIDE');

    // Ten minutes of healthy traffic: the plan moves to 5%, and says on what numbers.
    clock = START + 590_000;
    await report(
      { evaluations: 200, errors: 1, latency: latencies(200, 50) },
      { evaluations: 1800, errors: 9, latency: latencies(1800, 50) },
    );
    await tickAt(600_000);
    shown = ok(await cli('flags', 'plan', 'canary'));
    expect(field(shown, 'state')).toBe('running at step 2 of 5 (5%)');
    expect(field(shown, 'steps')).toBe('1% → [5%] → 25% → 50% → 100%');
    expect(field(shown, 'next step')).toMatch(/^2026-06-01 12:20:00 /);
    expect(field(shown, 'last decision')).toBe('advance at 2026-06-01 12:10:00');
    expect(field(shown, 'reason')).toBe('1% → 5%: within every guard');
    expect(numbers(shown)).toEqual([
      ['treatment', 'on', '200', '1', '0.50%', '50 ms'],
      ['control', 'off', '1800', '9', '0.50%', '50 ms'],
    ]);
    expect(onWeight(await flag())).toBe(5_000);

    expect(ok(await cli('flags', 'plan', 'pause', 'canary'))).toBe(
      'canary: plan paused at step 2 of 5 (5%); the flag stays as it is until you resume or abort the plan\n',
    );
    expect((await plan()).state).toBe('paused');
    shown = ok(await cli('flags', 'plan', 'canary'));
    expect(field(shown, 'state')).toBe('paused at step 2 of 5 (5%)');
    expect(field(shown, 'next step')).toBe('- (paused: resuming starts the interval again)');
    expect(field(shown, 'reason')).toBe('paused by SWITCHYARD_ADMIN_TOKEN');
    expectError(
      await cli('flags', 'plan', 'pause', 'canary'),
      1,
      'cannot pause the plan: the plan is paused, not running',
    );

    // Someone ramps by hand meanwhile; resuming puts the flag back on the plan's step.
    await server.api('POST', `${FLAG}/rollout`, { percentage: 30 });
    clock = START + 900_000;
    const resumed = ok(await cli('flags', 'plan', 'resume', 'canary'));
    expect(resumed).toMatch(
      /^canary: plan resumed at step 2 of 5 \(5%\); the flag is on at 5% again; next step 2026-06-01 12:25:00 \(.+\), if the guards hold\n$/,
    );
    expect((await plan()).state).toBe('running');
    expect(onWeight(await flag())).toBe(5_000);

    expect(ok(await cli('flags', 'plan', 'abort', 'canary'))).toBe(
      'canary: plan aborted at step 2 of 5 (5%); the flag stays as it is; ramp, disable or start a new plan by hand\n',
    );
    expect((await plan()).state).toBe('aborted');
    expect(onWeight(await flag())).toBe(5_000);
    expect(field(ok(await cli('flags', 'plan', 'canary')), 'next step')).toBe('-');
    expectError(
      await cli('flags', 'plan', 'resume', 'canary'),
      1,
      'cannot resume the plan: the plan is aborted, not paused',
    );

    // A new plan replaces the ended one, and says so.
    const again = ok(await cli('flags', 'plan', 'start', 'canary', '--steps', '10,100'));
    expect(again.split('\n')[0]).toBe(
      "canary: guarded rollout started at step 1 of 2 (10%) (it replaces the flag's earlier plan)",
    );
  });

  it('shows why a plan rolled back, with the treatment and control numbers', async () => {
    ok(
      await cli(
        'flags',
        'plan',
        'start',
        'canary',
        '--steps',
        '5,25,100',
        '--interval',
        '1h',
        '--window',
        '5m',
        '--min-samples',
        '100',
        '--max-error-rate',
        '2%',
        '--max-p95-ratio',
        '3x',
      ),
    );
    await report(
      { evaluations: 500, errors: 40, latency: latencies(500, 250) },
      { evaluations: 4500, errors: 9, latency: latencies(4500, 50) },
    );
    await tickAt(30_000);
    expect((await plan()).state).toBe('rolled_back');

    const shown = ok(await cli('flags', 'plan', 'canary'));
    expect(shown.split('\n')[0]).toBe('canary (production): guarded rollout rolled back');
    expect(field(shown, 'state')).toBe('rolled back at step 1 of 3 (5%): the plan ramped the flag to 0%');
    expect(field(shown, 'interval')).toBe('1h at each step');
    expect(field(shown, 'guards')).toBe(
      "roll back when the treatment's error rate is over 2% or 2x the control's, or its p95 latency over 3x the control's",
    );
    expect(field(shown, 'window')).toBe('5m; a step advances with 100 evaluations on each side');
    expect(field(shown, 'next step')).toBe('-');
    expect(field(shown, 'last decision')).toBe('rollback at 2026-06-01 12:00:30');
    expect(field(shown, 'reason')).toBe(
      'rolled back to 0%: treatment error rate 8.00% is over the limit of 2.00%',
    );
    expect(shown).toContain('over the last 5m (whole minutes):');
    expect(numbers(shown)).toEqual([
      ['treatment', 'on', '500', '40', '8.00%', '250 ms'],
      ['control', 'off', '4500', '9', '0.20%', '50 ms'],
    ]);
    expect(onWeight(await flag())).toBe(0);

    // --json prints the server's answer: { plan } (null for a flag without one).
    const json = JSON.parse(ok(await cli('flags', 'plan', 'canary', '--json')));
    expect(json).toEqual({ plan: await plan() });
    expect(json.plan.lastDecision.treatment).toEqual({
      evaluations: 500,
      errors: 40,
      errorRate: 0.08,
      p95LatencyMs: 250,
    });
  });

  it('turns the flag off on a latency regression with --on-regression disable', async () => {
    const started = JSON.parse(
      ok(
        await cli(
          'flags',
          'plan',
          'start',
          'canary',
          '--steps',
          '50,100',
          '--min-samples',
          '100',
          '--on-regression',
          'disable',
          '--json',
        ),
      ),
    );
    expect(started).toMatchObject({ state: 'running', onRegression: 'disable', revision: 1 });
    await report(
      { evaluations: 1000, errors: 0, latency: latencies(1000, 500) },
      { evaluations: 1000, errors: 0, latency: latencies(1000, 100) },
    );
    await tickAt(10_000);
    const shown = ok(await cli('flags', 'plan', 'canary'));
    expect(field(shown, 'state')).toBe('rolled back at step 1 of 2 (50%): the plan turned the flag off');
    expect(field(shown, 'on regression')).toBe('disable (the kill switch)');
    expect(field(shown, 'reason')).toBe(
      "disabled: treatment p95 latency 500 ms is over 2x the control's 100 ms",
    );
    expect(numbers(shown)).toEqual([
      ['treatment', 'on', '1000', '0', '0.00%', '500 ms'],
      ['control', 'off', '1000', '0', '0.00%', '100 ms'],
    ]);
    expect((await flag()).enabled).toBe(false);
  });

  it('says when a flag has no plan, is not boolean or does not exist', async () => {
    expectError(
      await cli('flags', 'plan', 'canary'),
      1,
      'flag "canary" in "production" has no rollout plan (start one: switchyard flags plan start canary --steps 1,5,25,50,100 --env production)',
    );
    expectError(
      await cli('flags', 'plan', 'pause', 'canary', '--env', 'development'),
      1,
      'flag "canary" in "development" has no rollout plan (start one: switchyard flags plan start canary --steps 1,5,25,50,100 --env development)',
    );
    await server.api('PUT', '/api/v1/environments/production/flags/theme', {
      type: 'string',
      variants: { light: 'light', dark: 'dark' },
      enabled: true,
      offVariant: 'light',
      fallthrough: { variant: 'dark' },
    });
    expectError(
      await cli('flags', 'plan', 'start', 'theme', '--steps', '1,5'),
      1,
      'the server rejected the request (400): "theme" is a string flag; rollout plans ramp boolean flags',
    );
    expectError(
      await cli('flags', 'plan', 'start', 'old-checkout', '--steps', '1,5'),
      1,
      'no flag "old-checkout" in environment "production"',
    );
  });

  it('checks the plan with the shared schema before sending it (exit 2), naming the option', async () => {
    const start = (...options: string[]) => cli('flags', 'plan', 'start', 'canary', ...options);
    expectError(await start(), 2, '--steps is required, such as --steps 1,5,25,50,100');
    expectError(
      await start('--steps', '1,5,5,100'),
      2,
      '--steps 1,5,5,100: step 3 (5%): steps must increase',
    );
    expectError(await start('--steps', '0,50'), 2, '--steps 0,50: step 1 (0%): must be above 0');
    expectError(
      await start('--steps', '5,150'),
      2,
      '--steps 5,150: step 2 (150%): Too big: expected number to be <=100',
    );
    expectError(
      await start('--steps', '1,five'),
      2,
      '--steps takes increasing percentages separated by commas, such as 1,5,25,50,100; got "five" in "1,five"',
    );
    expectError(
      await start('--steps', '1,5', '--interval', '8d'),
      2,
      '--interval 8d: Too big: expected number to be <=604800 (seconds)',
    );
    expectError(
      await start('--steps', '1,5', '--window', 'soon'),
      2,
      '--window must be seconds or a duration such as 600, 90s, 10m or 1h30m; got "soon"',
    );
    expectError(
      await start('--steps', '1,5', '--max-error-rate', '150%'),
      2,
      '--max-error-rate 150%: Too big: expected number to be <=1',
    );
    expectError(
      await start('--steps', '1,5', '--max-error-ratio', '0.5'),
      2,
      '--max-error-ratio 0.5: Too small: expected number to be >=1',
    );
    expectError(
      await start('--steps', '1,5', '--min-samples', 'many'),
      2,
      '--min-samples must be a whole number; got "many"',
    );
    expectError(
      await start('--steps', '1,5', '--on-regression', 'panic'),
      2,
      '--on-regression must be rollback or disable; got "panic"',
    );
    // Nothing reached the server.
    expect((await server.api('GET', `${FLAG}/plan`)).body).toEqual({ plan: null });
    expect(onWeight(await flag())).toBe(0);

    // Durations and rates in the forms people write them.
    ok(
      await start(
        '--steps',
        '2.5%, 10%, 100%',
        '--interval',
        '1h30m',
        '--window',
        '90',
        '--max-error-rate',
        '0.5%',
        '--max-error-ratio',
        '1.5',
      ),
    );
    expect(await plan()).toMatchObject({
      steps: [2.5, 10, 100],
      intervalSeconds: 5400,
      guards: { windowSeconds: 90, maxErrorRate: 0.005, maxErrorRateRatio: 1.5 },
    });
  });

  it('reads the plan of a flag named like a subcommand with flags plan show', async () => {
    await server.api('PUT', '/api/v1/environments/production/flags/pause', booleanFlag('pause', 0));
    ok(await cli('flags', 'plan', 'start', 'pause', '--steps', '20,100'));
    const shown = ok(await cli('flags', 'plan', 'show', 'pause'));
    expect(field(shown, 'state')).toBe('running at step 1 of 2 (20%)');
    expectError(
      await cli('flags', 'plan', 'pause'),
      2,
      'missing <key>: usage: switchyard flags plan pause <key> (see switchyard flags plan pause --help)',
    );
  });
});
