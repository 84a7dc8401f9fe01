import { describe, expect, it } from 'vitest';
import { closedPortUrl, runCli } from '../support/cli.js';

/**
 * Percentages are checked before anything is sent: --url points at a closed port, so a value that
 * got past the check would fail with "cannot reach" (exit 1) instead.
 */
async function ramp(percentage: string) {
  return runCli(['flags', 'ramp', 'new-checkout', percentage, '--url', await closedPortUrl()], {
    SWITCHYARD_TOKEN: 'any-token',
  });
}

describe('flags ramp <percentage>', () => {
  it.each([
    ['101', 'percentage must be between 0 and 100; got 101'],
    ['100.001', 'percentage must be between 0 and 100; got 100.001'],
    ['1.0001', 'percentage may have at most 3 decimals; got 1.0001'],
    ['abc', 'percentage must be a number from 0 to 100, such as 25 or 2.5; got "abc"'],
    ['1e2', 'percentage must be a number from 0 to 100, such as 25 or 2.5; got "1e2"'],
    ['-5', 'negative numbers are not accepted: "-5" (see switchyard flags ramp --help)'],
  ])('rejects %s locally with exit code 2', async (percentage, message) => {
    expect(await ramp(percentage)).toEqual({ code: 2, stdout: '', stderr: `switchyard: ${message}\n` });
  });

  it.each(['0', '100', '2.5', '33.333', '25%', '1.0000'])(
    'accepts %s and goes on to call the server',
    async (p) => {
      const result = await ramp(p);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^switchyard: cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused\n$/,
      );
    },
  );
});
