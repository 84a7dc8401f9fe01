import { ADMIN_TOKEN, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliFor, closedPortUrl, runCli } from '../support/cli.js';

let server: TestServer;
let cli: (...args: string[]) => Promise<CliResult>;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  cli = cliFor(server);
  await server.api('PUT', '/api/v1/environments/production/flags/theme', {
    type: 'string',
    variants: { light: 'light', dark: 'dark' },
    enabled: true,
    offVariant: 'light',
    fallthrough: { variant: 'dark' },
  });
});
afterAll(async () => {
  await server.close();
});

/** Exit code 1 and exactly the one line on stderr, nothing on stdout. */
function expectFailure(result: CliResult, line: string): void {
  expect(result).toEqual({ code: 1, stdout: '', stderr: `switchyard: ${line}\n` });
}

async function currentVersion(): Promise<number> {
  return (await server.api('GET', '/api/v1/environments/production/flags/new-checkout')).body.version;
}

describe('errors from the network and the server', () => {
  it('names the address when nothing listens there', async () => {
    const url = await closedPortUrl();
    expectFailure(
      await runCli(['flags', 'list', '--url', url], { SWITCHYARD_TOKEN: ADMIN_TOKEN }),
      `cannot reach ${url}: connection refused`,
    );
  });

  it('prefers --url over SWITCHYARD_URL', async () => {
    const closed = await closedPortUrl();
    const result = await runCli(['flags', 'list', '--url', server.url], {
      SWITCHYARD_URL: closed,
      SWITCHYARD_TOKEN: ADMIN_TOKEN,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('new-checkout');
  });

  it('says how to set the token when the server refuses it (401)', async () => {
    expectFailure(
      await cli('flags', 'list', '--token', 'not-the-admin-token'),
      'the token was refused (401): set SWITCHYARD_TOKEN or --token',
    );
  });

  it('exits 2 without calling the server when there is no token at all', async () => {
    const result = await runCli(['flags', 'list'], { SWITCHYARD_URL: server.url });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'switchyard: no admin token: set SWITCHYARD_TOKEN or --token\n',
    });
  });

  it("passes on the server's reason when the token may not do that (403)", async () => {
    const serverKey = await server.createKey('server', 'production');
    expectFailure(
      await cli('flags', 'list', '--token', serverKey),
      'this token may not do that (403): A server key may not call this route; it needs a admin key',
    );
    const devAdmin = await server.createKey('admin', 'development');
    expectFailure(
      await cli('flags', 'ramp', 'new-checkout', '50', '--token', devAdmin),
      'this token may not do that (403): This key belongs to environment "development", not "production"',
    );
    expect(await currentVersion()).toBe(1);
  });

  it('names the flag and the environment when the flag does not exist (404)', async () => {
    expectFailure(
      await cli('flags', 'get', 'old-checkout'),
      'no flag "old-checkout" in environment "production"',
    );
    expectFailure(
      await cli('flags', 'ramp', 'old-checkout', '10', '--env', 'development'),
      'no flag "old-checkout" in environment "development"',
    );
    expectFailure(
      await cli('flags', 'history', 'old-checkout'),
      'no flag "old-checkout" in environment "production"',
    );
  });

  it('names the environment when it does not exist (404)', async () => {
    expectFailure(await cli('flags', 'list', '--env', 'staging'), 'no environment "staging"');
  });

  it('names the version when restore asks for one the history does not have (404)', async () => {
    expectFailure(
      await cli('flags', 'restore', 'new-checkout', '9'),
      'flag "new-checkout" in "production" has no version 9',
    );
  });

  it('gives the current version on a stale --if-version (409), and changes nothing', async () => {
    await server.api('POST', '/api/v1/environments/production/flags/new-checkout/rollout', {
      percentage: 10,
    });
    const version = await currentVersion();
    const conflict = `version conflict: the flag is at version ${version}; rerun with --if-version ${version} after checking`;
    expectFailure(await cli('flags', 'ramp', 'new-checkout', '50', '--if-version', '1'), conflict);
    expectFailure(await cli('flags', 'disable', 'new-checkout', '--if-version', '1'), conflict);
    expectFailure(await cli('flags', 'enable', 'new-checkout', '--if-version', '1'), conflict);
    expectFailure(await cli('flags', 'restore', 'new-checkout', '1', '--if-version', '1'), conflict);
    const flag = (await server.api('GET', '/api/v1/environments/production/flags/new-checkout')).body;
    expect([flag.version, flag.enabled, flag.fallthrough.rollout.variants[0].weight]).toEqual([
      version,
      true,
      10_000,
    ]);
  });

  it("passes on the server's message for a request it rejects (400)", async () => {
    expectFailure(
      await cli('flags', 'ramp', 'theme', '10'),
      'the server rejected the request (400): "theme" is a string flag; only boolean flags have a percentage',
    );
  });

  it('says when --url answers like something other than a Switchyard server', async () => {
    const notSwitchyard = await import('node:http').then(
      ({ createServer }) =>
        new Promise<{ url: string; close: () => void }>((resolve) => {
          const http = createServer((_req, res) =>
            res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>nope</h1>'),
          );
          http.listen(0, '127.0.0.1', () => {
            const address = http.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            resolve({ url: `http://127.0.0.1:${port}`, close: () => http.close() });
          });
        }),
    );
    try {
      expectFailure(
        await runCli(['flags', 'list', '--url', notSwitchyard.url], { SWITCHYARD_TOKEN: ADMIN_TOKEN }),
        `${notSwitchyard.url} answered 404: is --url the address of a Switchyard server?`,
      );
    } finally {
      notSwitchyard.close();
    }
  });
});
