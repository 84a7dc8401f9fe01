import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { UNLEASH_EXPORT_PATH } from '@switchyard/test-support/unleash-export';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminClient } from '../../src/api/admin-client.js';
import { applyCommands } from '../../src/commands/apply.js';
import { run } from '../../src/run.js';
import { type CliResult, cliFor } from '../support/cli.js';

// Most runs go through `run()` in this process (the same code as the binary, over real HTTP): the
// machine is shared, and a Node process per command is slow. One test runs the real binary.
function inProcess(target: TestServer) {
  return async (...args: string[]): Promise<CliResult> => {
    let stdout = '';
    let stderr = '';
    const code = await run(args, {
      env: { SWITCHYARD_URL: target.url, SWITCHYARD_TOKEN: ADMIN_TOKEN },
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    return { code, stdout, stderr };
  };
}

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;
let dir: string;

beforeEach(async () => {
  server = await startTestServer();
  cli = inProcess(server);
  dir = mkdtempSync(join(tmpdir(), 'switchyard-apply-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const flagPath = (key: string) => `/api/v1/environments/production/flags/${key}`;

const FILE = `# flags of production, kept in git
segments:
  - key: beta-testers
    included: [user-1, user-2]
flags:
  - key: new-checkout
    description: New checkout flow
    type: boolean
    variants: { on: true, off: false }
    enabled: true
    offVariant: off
    rules:
      - id: beta
        clauses: [{ op: inSegment, values: [beta-testers] }]
        serve: { variant: on }
    fallthrough:
      rollout:
        variants: [{ variant: on, weight: 5000 }, { variant: off, weight: 95000 }]
  - key: banner
    type: string
    variants: { plain: Hello, warm: Welcome back }
    enabled: true
    offVariant: plain
    fallthrough: { variant: warm }
`;

describe('switchyard apply', { timeout: 60_000 }, () => {
  it('plans, applies, and then finds nothing to do', async () => {
    const file = write('flags.yaml', FILE);
    await server.api('PUT', flagPath('banner'), {
      key: 'banner',
      type: 'string',
      variants: { plain: 'Hello', warm: 'Welcome back' },
      enabled: true,
      offVariant: 'plain',
      fallthrough: { variant: 'plain' },
    });
    await server.api('PUT', flagPath('stray'), booleanFlag('stray'));

    const dry = await cli('apply', '-f', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Plan (dry run) for environment "production": 2 to create, 1 to update, 0 to delete, 0 unchanged',
    );
    expect(dry.stdout).toContain('+ segment beta-testers');
    expect(dry.stdout).toContain('~ flag banner (version 1)');
    expect(dry.stdout).toContain('fallthrough.variant: "plain" → "warm"');
    expect(dry.stdout).toContain('kept (--prune deletes them): flag stray');
    expect((await server.api('GET', flagPath('new-checkout'))).status).toBe(404);

    const applied = await cli('apply', '-f', file);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied 3 changes to "production".');
    expect((await server.api('GET', flagPath('banner'))).body).toMatchObject({
      fallthrough: { variant: 'warm' },
      version: 2,
    });
    expect((await server.api('GET', flagPath('new-checkout'))).body.rules[0].serve).toEqual({
      variant: 'on',
    });

    const again = await cli('apply', '-f', file, '--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.changes.every((c: { action: string }) => c.action === 'unchanged')).toBe(true);
    expect(json).toMatchObject({
      environment: 'production',
      dryRun: false,
      applied: 0,
      kept: [{ kind: 'flag', key: 'stray' }],
    });

    const pruned = await cli('apply', '-f', file, '--prune');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('- flag stray (version 1)');
    expect((await server.api('GET', flagPath('stray'))).status).toBe(404);
  });

  it('fails (exit 1) instead of overwriting a change made after the plan was read', async () => {
    const file = write(
      'flags.json',
      JSON.stringify({ flags: [booleanFlag('race', 10), booleanFlag('later', 1)] }),
    );
    await server.api('PUT', flagPath('race'), booleanFlag('race', 0));
    // The admin client of the apply, with someone ramping the flag right after the apply read it.
    const client = createAdminClient({ url: server.url, token: ADMIN_TOKEN });
    const racing = {
      ...client,
      listSegments: async (env: string) => {
        const answer = await client.listSegments(env);
        await server.api('POST', `${flagPath('race')}/rollout`, { percentage: 50 });
        return answer;
      },
    };
    const printed: string[] = [];
    const apply = applyCommands[0];
    const attempt = apply?.run(
      {
        client: racing,
        env: 'production',
        envGiven: false,
        json: false,
        serverUrl: server.url,
        print: (text) => printed.push(text),
        warn: () => {},
      },
      [],
      { file },
    );
    await expect(attempt).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('flag "race" was changed on the server after the plan was made'),
    });
    expect(printed.join('\n')).toContain('~ flag race (version 1)');
    const race = (await server.api('GET', flagPath('race'))).body;
    expect(race.version).toBe(2);
    expect(race.fallthrough.rollout.variants[0].weight).toBe(50_000);
    expect((await server.api('GET', flagPath('later'))).status).toBe(404);
  });

  it('refuses a bad file with exit 2, naming file, line and field of every problem, and changes nothing', async () => {
    const file = write(
      'bad.yaml',
      `flags:
  - key: ok-flag
    type: boolean
    variants: { on: true, off: false }
    enabled: true
    offVariant: off
    fallthrough: { variant: off }
  - key: broken
    type: boolean
    variants: { on: true, off: false }
    enabled: yes-please
    offVariant: off
    fallthrough:
      rollout:
        variants: [{ variant: on, weight: 10 }]
`,
    );
    // The real binary, for its exit code.
    const result = await cliFor(server)('apply', '-f', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:11: flags.1.enabled:`);
    expect(result.stderr).toMatch(new RegExp(`${file}:1[45]: flags\\.1\\.fallthrough\\.rollout\\.variants`));
    expect((await server.api('GET', flagPath('ok-flag'))).status).toBe(404);

    const syntax = await cli('apply', '-f', write('syntax.yaml', 'flags:\n  - key: a\n   type: [\n'));
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/syntax\.yaml:\d+: /);
    expect((await cli('apply', '-f', join(dir, 'missing.yaml'))).stderr).toContain('no such file');
    expect((await cli('apply')).code).toBe(2);
  });
});

describe('switchyard export', { timeout: 60_000 }, () => {
  it('prints a file that apply takes back with nothing to do, as YAML or JSON', async () => {
    await cli('apply', '-f', write('flags.yaml', FILE));
    const yaml = await cli('export');
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).not.toContain('version');
    const exported = write('exported.yaml', yaml.stdout);
    const plan = JSON.parse((await cli('apply', '-f', exported, '--dry-run', '--json')).stdout);
    expect(plan.changes.map((c: { action: string }) => c.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    const json = JSON.parse((await cli('export', '--format', 'json')).stdout);
    expect(json.flags.map((f: { key: string }) => f.key)).toEqual(['banner', 'new-checkout']);
    expect((await cli('export', '--format', 'toml')).code).toBe(2);
  });

  it('--format flagd: flagd flags that import back serving every user the same; what flagd cannot express on stderr, exit 1', async () => {
    await cli('apply', '-f', write('flags.yaml', FILE));
    const flagd = await cli('export', '--format', 'flagd');
    expect(flagd.code).toBe(0);
    const document = JSON.parse(flagd.stdout);
    expect(document.flags['new-checkout'].targeting.if[1]).toBe('on');
    expect(document.$evaluators['segment:beta-testers']).toBeDefined();

    await server.api('POST', '/api/v1/environments', { key: 'copy' });
    const file = write('exported.flagd.json', flagd.stdout);
    expect((await cli('import', '--format', 'flagd', file, '--env', 'copy')).code).toBe(0);
    const keys = await Promise.all([
      server.createKey('client', 'production'),
      server.createKey('client', 'copy'),
    ]);
    for (let i = 0; i < 100; i++) {
      const context = { userId: i % 10 === 0 ? 'user-1' : `user-${i}x` };
      const [source, copy] = await Promise.all(
        keys.map((token) =>
          server.api('POST', '/sdk/v1/evaluate', { context }, { token }).then((r) => r.body.flags),
        ),
      );
      for (const key of ['new-checkout', 'banner'])
        expect(copy[key].value, `${key} ${context.userId}`).toBe(source[key].value);
    }

    await server.api('PUT', flagPath('by-regex'), {
      ...booleanFlag('by-regex'),
      rules: [
        {
          clauses: [{ attribute: 'email', op: 'matches', values: ['@acme\\.com$'] }],
          serve: { variant: 'on' },
        },
      ],
    });
    const partial = await cli('export', '--format', 'flagd');
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('left out: by-regex: matches:');
    expect(Object.keys(JSON.parse(partial.stdout).flags).sort()).toEqual(['banner', 'new-checkout']);
  });
});

describe('switchyard import', { timeout: 60_000 }, () => {
  const flagd = {
    flags: {
      'dark-mode': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          fractional: [
            ['on', 20],
            ['off', 80],
          ],
        },
      },
      odd: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ regex: [{ var: 'x' }, 'y'] }, 'on'] },
      },
    },
  };

  it('imports flagd flags, stopping (exit 1) on problems unless --skip-problems', async () => {
    const file = write('flags.flagd.json', JSON.stringify(flagd));
    const stopped = await cli('import', '--format', 'flagd', file);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('problem: odd: regex:');
    expect(stopped.stdout).toContain('Nothing was written.');
    const imported = await cli('import', '--format', 'flagd', file, '--skip-problems');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('created: dark-mode');
    const flag = (await server.api('GET', flagPath('dark-mode'))).body;
    expect(flag.fallthrough.rollout.variants).toEqual([
      { variant: 'on', weight: 20_000 },
      { variant: 'off', weight: 80_000 },
    ]);
    expect((await cli('import', '--format', 'launchdarkly', file)).code).toBe(2);
  });

  it('imports an Unleash export, saying how many users each rollout moves', async () => {
    const dry = await cli('import', '--format', 'unleash', UNLEASH_EXPORT_PATH, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('problem: office-only: remoteAddress:');
    expect(dry.stdout).toMatch(/warning: new-checkout: flexibleRollout 30%: .*about 4\d\.\d% of users/);
    expect(dry.stdout).toContain('Nothing was written.');
    expect((await cli('import', '--format', 'unleash', UNLEASH_EXPORT_PATH)).code).toBe(1);
    const imported = await cli(
      'import',
      '--format',
      'unleash',
      UNLEASH_EXPORT_PATH,
      '--skip-problems',
      '--json',
    );
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout);
    expect(result.created).toContain('pricing-page');
    expect(result.reassigned.map((r: { flag: string }) => r.flag)).toContain('pricing-page');
    expect((await server.api('GET', flagPath('pricing-page'))).body.type).toBe('json');
    const malformed = write('unleash.json', JSON.stringify({ features: 'none' }));
    const refused = await cli('import', '--format', 'unleash', malformed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('document.features');
  });
});
