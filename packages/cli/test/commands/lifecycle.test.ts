import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, tableRows } from '../support/cli.js';

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;
const FLAGS = '/api/v1/environments/production/flags';

beforeEach(async () => {
  server = await startTestServer({ demo: true });
  cli = cliFor(server);
});
afterEach(async () => {
  await server.close();
});

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

// Each command is a fresh Node process; a test runs several.
const SLOW = { timeout: 60_000 };

describe('flags schedule, schedules, unschedule', SLOW, () => {
  it('schedules a ramp, lists it pending, and cancels it', async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const out = ok(await cli('flags', 'schedule', 'new-checkout', '--at', at, '--rollout', '25'));
    const id = /\(id ([^)]+)\)/.exec(out)?.[1] ?? '';
    expect(out).toMatch(/new-checkout: rollout to 25% scheduled for \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const rows = tableRows(ok(await cli('flags', 'schedules', 'new-checkout')));
    expect(rows[0]).toEqual(['ID', 'AT (UTC)', 'CHANGE', 'STATE', 'NOTE']);
    expect(rows[1]).toEqual([id, expect.any(String), 'rollout to 25%', 'pending', '-']);
    expect(ok(await cli('flags', 'unschedule', 'new-checkout', id))).toMatch(/cancelled the rollout to 25%/);
    const again = await cli('flags', 'unschedule', 'new-checkout', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cancelled/);
  });

  it('checks the command line before sending anything (exit 2)', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    for (const args of [
      ['--at', soon],
      ['--at', soon, '--enable', '--disable'],
      ['--rollout', '25'],
      ['--at', 'tomorrow', '--enable'],
      ['--at', soon, '--rollout', '250'],
    ]) {
      const result = await cli('flags', 'schedule', 'new-checkout', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^switchyard: /);
    }
  });
});

describe('flags archive, unarchive, archived, stale', SLOW, () => {
  it('archives a flag, lists it apart, and brings it back', async () => {
    expect(ok(await cli('flags', 'archive', 'new-checkout'))).toMatch(/new-checkout: archived \(version 2\)/);
    expect(tableRows(ok(await cli('flags', 'archived')))).toEqual([
      ['KEY', 'VERSION'],
      ['new-checkout', '2'],
    ]);
    expect(ok(await cli('flags', 'list'))).toMatch(/no flags in "production"/);
    expect(ok(await cli('flags', 'unarchive', 'new-checkout'))).toMatch(/unarchived \(version 3\)/);
  });

  it('says why an archive is refused', async () => {
    await server.api(
      'PUT',
      `${FLAGS}/child`,
      booleanFlag('child', 5, { prerequisites: [{ flag: 'new-checkout', variant: 'on' }] }),
    );
    const result = await cli('flags', 'archive', 'new-checkout');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/prerequisite of "child"/);
  });

  it('prints stale flags, or says there are none', async () => {
    expect(ok(await cli('flags', 'stale'))).toBe('no stale flags\n');
    const json = JSON.parse(ok(await cli('flags', 'stale', '--env', 'production', '--json')));
    expect(json).toEqual({ flags: [] });
  });
});

describe('refs', SLOW, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-refs-'));
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'node_modules', 'lib'), { recursive: true });
    await writeFile(join(dir, 'src', 'checkout.ts'), "if (flags.isEnabled('new-checkout', user.id)) {}\n");
    await writeFile(
      join(dir, 'src', 'nav.tsx'),
      'export const Nav = () => (\n  <Feature flag="new-nav"><New /></Feature>\n);\n',
    );
    await writeFile(join(dir, 'node_modules', 'lib', 'x.js'), "isEnabled('vendored-flag')\n");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists references with file and line, unused flags and unknown keys', async () => {
    await server.api('PUT', `${FLAGS}/old-banner`, booleanFlag('old-banner', 0));
    const out = ok(await cli('refs', dir));
    expect(out).toMatch(/2 references to 2 flags in 2 files/);
    const rows = tableRows(out.split('\n').slice(1).join('\n'));
    expect(rows).toContainEqual(['new-checkout', 'used', 'src/checkout.ts:1']);
    expect(rows).toContainEqual(['new-nav', 'unknown to the server', 'src/nav.tsx:2']);
    expect(out).toMatch(/flags in "production" the code never names \(1\): old-banner/);
    expect(out).not.toMatch(/vendored-flag/);

    const json = JSON.parse(ok(await cli('refs', dir, '--json')));
    expect(json.unknown).toEqual([{ flag: 'new-nav', archived: false }]);
    expect(json.unused).toEqual(['old-banner']);
    expect(json.references).toContainEqual({
      flag: 'new-checkout',
      file: 'src/checkout.ts',
      line: 1,
      call: 'isEnabled',
    });
  });

  it('fails a CI check on unknown keys only when asked', async () => {
    const failed = await cli('refs', dir, '--fail-on-unknown');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/names 1 flag key\(s\) that "production" does not have: new-nav/);
    await server.api('PUT', `${FLAGS}/new-nav`, booleanFlag('new-nav', 0));
    expect((await cli('refs', dir, '--fail-on-unknown')).code).toBe(0);
    expect((await cli('refs', join(dir, 'missing'))).code).toBe(2);
  });
});
