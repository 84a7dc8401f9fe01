import type { TestServer } from '@switchyard/test-support/server';
import { createClient, type SwitchyardClient } from '../../../sdk-node/src/index.js';

/**
 * A service that asks the Node SDK for `flag` on every request and reports its failures with
 * `recordError`, failing at `errorRate.on` with the new code path and `errorRate.off` without it.
 * Deterministic: failures are spread evenly, not drawn at random.
 */
export interface SimulatedService {
  /** Serves `requests` requests from new users; resolves when the server has counted them. */
  serve(requests: number): Promise<void>;
  close(): Promise<void>;
}

export async function simulateService(
  t: TestServer,
  flag: string,
  errorRate: { on: number; off: number },
): Promise<SimulatedService> {
  const sdkKey = await t.createKey('server', 'production');
  const client: SwitchyardClient = createClient({
    url: t.url,
    sdkKey,
    flushIntervalMs: 20,
    logger: { level: 'error' } as never,
  });
  await client.ready();
  let users = 0;
  const served = { on: 0, off: 0 };
  const failed = { on: 0, off: 0 };
  let counted = 0;

  const countedByServer = async () => {
    const res = await t.api('GET', `/api/v1/environments/production/flags/${flag}/metrics?minutes=10080`);
    return (res.body.totals as { evaluations: number }[]).reduce((sum, x) => sum + x.evaluations, 0);
  };

  return {
    async serve(requests) {
      for (let i = 0; i < requests; i++) {
        const userId = `user-${users++}`;
        const side = client.isEnabled(flag, userId) ? 'on' : 'off';
        served[side]++;
        // Fail whenever the expected number of failures so far has grown past the actual one.
        if (Math.floor(served[side] * errorRate[side]) > failed[side]) {
          failed[side]++;
          client.recordError(flag, userId);
        }
      }
      counted += requests;
      const deadline = Date.now() + 10_000;
      while ((await countedByServer()) < counted) {
        if (Date.now() > deadline) throw new Error(`the server counted fewer than ${counted} evaluations`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => client.close(),
  };
}
