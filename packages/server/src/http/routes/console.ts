import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const BUILD_COMMAND = 'npx --yes pnpm@12.4.2 --filter @switchyard/console build';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Switchyard console: not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The admin console is not built</h1>
<p>This server looks for it in <code>CONSOLE_DIR</code> (by default <code>packages/console/dist</code>).
Build it from the repository root, then restart the server:</p>
<pre>${BUILD_COMMAND}</pre>
<p><code>npm start</code> builds it for you. The admin API works without it: <a href="/docs">/docs</a>.</p>
</body>
</html>
`;

/**
 * The admin console (packages/console, a single-page app) at /admin: its files from `consoleDir`,
 * and index.html for every other path under /admin so client-side routes survive a reload.
 * Without a build, /admin says how to make one.
 */
export async function consoleRoutes(app: FastifyInstance, consoleDir: string): Promise<void> {
  const root = resolve(consoleDir);
  const indexFile = join(root, 'index.html');
  // Files are served only from a directory that exists at start; a build made later needs a restart.
  const serving = existsSync(root);

  const sendIndex = (reply: FastifyReply) => {
    if (!serving || !existsSync(indexFile)) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(NOT_BUILT_PAGE);
    }
    // index.html names the hashed assets of the current build: never cache it.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  };

  await app.register(
    async (admin) => {
      if (serving) {
        await admin.register(fastifyStatic, {
          root,
          prefix: '/',
          index: false,
          setHeaders(res, path) {
            // Vite puts a content hash in every asset name.
            const immutable = path.startsWith(join(root, 'assets'));
            res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
          },
        });
      }
      admin.get('/', (_request, reply) => sendIndex(reply));
      // A path without a file extension is a console page: the app routes it in the browser.
      admin.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        if ((request.method === 'GET' || request.method === 'HEAD') && extname(path) === '')
          return sendIndex(reply);
        return reply.status(404).send({
          error: { code: 'SY_ERR_NOT_FOUND', message: `No route ${request.method} ${path}` },
        });
      });
    },
    { prefix: '/admin' },
  );
}
