import { createServer, type Server } from 'node:http';
import type { SwitchyardClient } from '@switchyard/sdk-node';
import { createFlagHttpMetrics } from '@switchyard/sdk-node/prometheus';
import { Registry } from 'prom-client';

/**
 * A small instrumented service, as a team would write one: `GET /checkout?user=<id>` runs the new
 * code path when `flag` is on for that user, and `/metrics` serves prom-client's text with the
 * variant label from the SDK. `breakNewPath()` makes the new path answer 500, as a bad deploy would.
 */
export interface CheckoutService {
  url: string;
  /** The service starts before the flag server it reads from; until then it answers 503. */
  useClient(client: SwitchyardClient): void;
  breakNewPath(): void;
  close(): Promise<void>;
}

export async function startCheckoutService(flag: string): Promise<CheckoutService> {
  const registry = new Registry();
  let client: SwitchyardClient | null = null;
  const metrics = createFlagHttpMetrics({
    client: { variantOf: (key, context) => client?.variantOf(key, context) ?? null },
    flag,
    registry,
    buckets: [0.005, 0.05, 0.5],
  });
  let broken = false;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://service');
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
      return;
    }
    if (client === null) {
      res.writeHead(503).end();
      return;
    }
    const started = process.hrtime.bigint();
    const context = { userId: url.searchParams.get('user') ?? 'anonymous' };
    const status = client.isEnabled(flag, context) && broken ? 500 : 200;
    res.writeHead(status).end();
    metrics.observe(context, status, Number(process.hrtime.bigint() - started) / 1e9);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    useClient: (c) => {
      client = c;
    },
    breakNewPath: () => {
      broken = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
