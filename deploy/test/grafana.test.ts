import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dashboard = JSON.parse(
  readFileSync(join(import.meta.dirname, '../grafana/switchyard-dashboard.json'), 'utf8'),
);
const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
/** Histogram series carry these suffixes; the metric itself is named without them. */
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('deploy/grafana dashboard', () => {
  it('queries only metrics the server exports, with labels they have', async () => {
    await fetch(`${server.url}/health/live`); // so that request series (and their labels) exist
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const exported = new Map(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]),
    );
    // Label names per metric, from the series the server has printed so far.
    const labels = new Map<string, Set<string>>();
    for (const m of text.matchAll(/^(\w+)\{([^}]*)\}/gm)) {
      const name = (m[1] as string).replace(HISTOGRAM_SUFFIX, '');
      const set = labels.get(name) ?? new Set();
      for (const l of (m[2] as string).matchAll(/(\w+)="/g)) set.add(l[1] as string);
      labels.set(name, set);
    }

    expect(exprs.length).toBeGreaterThan(0);
    const used = new Set<string>();
    for (const expr of exprs) {
      for (const m of expr.matchAll(/\b(switchyard_\w+)(?:\{([^}]*)\})?/g)) {
        const series = m[1] as string;
        const name = series.replace(HISTOGRAM_SUFFIX, '');
        expect(exported.has(series) || exported.get(name) === 'histogram', `${series} in ${expr}`).toBe(true);
        used.add(name);
        for (const l of (m[2] ?? '').matchAll(/(\w+)\s*=~?/g)) {
          // `job` and `instance` are added by Prometheus when it scrapes.
          if (l[1] === 'job' || l[1] === 'instance') continue;
          const known = labels.get(name);
          if (known !== undefined) expect([...known], `${name} label ${l[1]}`).toContain(l[1]);
        }
      }
    }
    // Every metric the server exports has a panel.
    expect([...used].sort()).toEqual([...exported.keys()].sort());
  });
});
