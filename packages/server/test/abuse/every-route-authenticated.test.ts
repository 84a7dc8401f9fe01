import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: call any route the server has without a key. Authentication hooks onto each route as it
// is added, so a route added in the wrong place would serve anyone; this walks the server's own
// route table rather than a list kept by hand, and every route must refuse unless it is public.

/** Routes anyone may call: probes, docs, the console's files, and the trigger hook (its path is its secret). */
const PUBLIC = new Set([
  'GET /openapi.json',
  'GET /docs',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /admin',
  'GET /admin/',
  'GET /admin/*',
  'POST /hooks/v1/triggers/:token',
]);

/** Every method and full path in Fastify's printed route tree (`commonPrefix: false`). */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    const path = stack.join('');
    for (const method of (match[3] as string).split(', '))
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
  }
  return routes;
}

let t: TestServer;
let routes: string[];

beforeAll(async () => {
  t = await startTestServer();
  routes = routesOf(t.server.app.printRoutes({ commonPrefix: false }));
});
afterAll(() => t.close());

describe('every route without a key', () => {
  it('finds the routes of each surface in the route table', () => {
    for (const route of [
      'GET /api/v1/environments/:env/flags',
      'POST /sdk/v1/evaluate',
      'GET /sdk/v1/stream',
      'POST /ofrep/v1/evaluate/flags/:key',
      'DELETE /api/v1/webhooks/:id',
    ])
      expect(routes).toContain(route);
    expect(routes.length).toBeGreaterThan(50);
  });

  it('is refused with 401 unless the route is public', async () => {
    const served: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(route)) continue;
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace(/:env/g, 'production').replace(/:\w+/g, 'x');
      const res = await t.api(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, {
        token: null,
      });
      if (res.status !== 401) served.push(`${route} answered ${res.status}`);
    }
    expect(served).toEqual([]);
  });
});
