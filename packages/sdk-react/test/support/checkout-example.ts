import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const EXAMPLE_DIR = fileURLToPath(new URL('../../../../examples/checkout/', import.meta.url));
const CONFIG_FILE = join(EXAMPLE_DIR, 'vite.config.ts');

export interface CheckoutSite {
  /** The built app, in a fresh temporary directory. */
  readonly outDir: string;
  /** Serves the build on 127.0.0.1 (Vite's preview server, a free port); returns its origin. */
  serve(): Promise<string>;
  /** Stops every server started and removes the build. */
  close(): Promise<void>;
}

/** Builds examples/checkout for production, as `vite build` does, into a temporary directory. */
export async function buildCheckoutSite(): Promise<CheckoutSite> {
  const outDir = mkdtempSync(join(tmpdir(), 'switchyard-checkout-build-'));
  // vitest sets NODE_ENV=test; the example is built the way it is shipped.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: EXAMPLE_DIR,
      configFile: CONFIG_FILE,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }

  const servers: { close(): Promise<void> }[] = [];
  return {
    outDir,
    async serve() {
      const server = await preview({
        root: EXAMPLE_DIR,
        configFile: CONFIG_FILE,
        logLevel: 'warn',
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
      });
      servers.push(server);
      const { port } = server.httpServer.address() as AddressInfo;
      return `http://127.0.0.1:${port}`;
    },
    async close() {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
