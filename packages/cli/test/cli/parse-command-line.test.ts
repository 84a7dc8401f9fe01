import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Exit code 2 and exactly the one line on stderr. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, line: string) {
  expect(result).toEqual({ code: 2, stdout: '', stderr: `switchyard: ${line}\n` });
}

// None of these reach a server: the token is set so that only the command line can be wrong.
const cli = (...args: string[]) =>
  runCli(args, { SWITCHYARD_TOKEN: 'any-token', SWITCHYARD_URL: 'http://127.0.0.1:9' });

describe('the command line', () => {
  it('points an unknown command to --help', async () => {
    expectUsageError(await cli('flag', 'list'), 'unknown command "flag" (see switchyard --help)');
    expectUsageError(
      await cli('flags', 'rmp', 'new-checkout'),
      'unknown command "flags rmp"; flags commands are list, get, ramp, enable, disable, history, restore, schedule, schedules, unschedule, stale, archive, unarchive, archived, plan (see switchyard flags --help)',
    );
    expectUsageError(await cli('keys'), '"keys" needs a command: create, list (see switchyard keys --help)');
  });

  it('points an unknown option to the command help', async () => {
    expectUsageError(
      await cli('flags', 'list', '--limit', '3'),
      'unknown option "--limit" (see switchyard flags list --help)',
    );
    expectUsageError(
      await cli('flags', 'get', 'x', '--verbose'),
      'unknown option "--verbose" (see switchyard flags get --help)',
    );
  });

  it('says which argument is missing or extra', async () => {
    expectUsageError(
      await cli('flags', 'ramp', 'new-checkout'),
      'missing <percentage>: usage: switchyard flags ramp <key> <percentage> [options] (see switchyard flags ramp --help)',
    );
    expectUsageError(
      await cli('flags', 'get', 'a', 'b'),
      'unexpected argument "b" (see switchyard flags get --help)',
    );
    expectUsageError(
      await cli('flags', 'list', '--env'),
      'option --env needs a value (see switchyard flags list --help)',
    );
  });

  it('checks --env, flag keys, versions and --url before sending anything', async () => {
    expectUsageError(
      await cli('flags', 'list', '--env', 'prod env'),
      '--env "prod env" must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
    expectUsageError(
      await cli('flags', 'get', 'new checkout'),
      'flag key "new checkout" must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
    expectUsageError(
      await cli('flags', 'restore', 'new-checkout', 'two'),
      'version must be a whole number of at least 1; got "two"',
    );
    expectUsageError(
      await cli('flags', 'enable', 'new-checkout', '--if-version', 'latest'),
      '--if-version must be a whole number of at least 0; got "latest"',
    );
    expectUsageError(
      await cli('flags', 'list', '--url', 'localhost:4242'),
      '--url must be an http or https address such as http://127.0.0.1:4242; got "localhost:4242"',
    );
  });

  it('prints the command list on stderr and exits 2 when run without arguments', async () => {
    const result = await cli();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: switchyard <command> [options]');
  });
});

describe('--help', () => {
  const commands = [
    ['flags', 'list'],
    ['flags', 'get'],
    ['flags', 'ramp'],
    ['flags', 'enable'],
    ['flags', 'disable'],
    ['flags', 'history'],
    ['flags', 'restore'],
    ['keys', 'create'],
    ['keys', 'list'],
    ['audit'],
  ];

  it('lists every command, with no token needed', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of commands) expect(result.stdout).toContain(`  ${name.join(' ')}`);
    for (const option of ['--env <name>', '--url <url>', '--token <token>', '--json']) {
      expect(result.stdout).toContain(option);
    }
  });

  it.each(commands)('shows usage, options and an example for %s %s', async (...name) => {
    const result = await runCli([...name.filter((n) => n !== undefined), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: switchyard ${name.join(' ')}`));
    expect(result.stdout).toContain('Global options:');
    expect(result.stdout.split('Examples:\n')[1]).toContain(`  switchyard ${name.join(' ')}`);
  });

  it('shows the options of a command', async () => {
    expect((await runCli(['flags', 'ramp', '--help'])).stdout).toContain('--if-version <n>');
    expect((await runCli(['-h', 'keys', 'create'])).stdout).toContain('--kind <kind>');
    expect((await runCli(['help', 'audit'])).stdout).toContain('--limit <n>');
  });

  it('lists the commands of a group', async () => {
    const result = await runCli(['flags', '--help']);
    expect(result.stdout).toContain('Usage: switchyard flags <command>');
    expect(result.stdout).toContain('flags restore <key> <version>');
    expect(result.stdout).not.toContain('keys create');
  });
});
