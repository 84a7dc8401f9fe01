import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('operations', () => {
  it('reports live and ready', async () => {
    expect((await t.api('GET', '/health/live', undefined, { token: null })).body).toEqual({ status: 'ok' });
    const ready = await t.api('GET', '/health/ready', undefined, { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('serves Prometheus metrics with requests by route and status, latencies and flag changes', async () => {
    await t.api('PUT', '/api/v1/environments/production/flags/metric-flag', booleanFlag('metric-flag'));
    await t.api('GET', '/api/v1/environments/production/flags/metric-flag', undefined, { token: null });
    await t.api('GET', '/no/such/route/sy_server_secret', undefined, { token: null });
    await t.api('GET', '/sdk/v1/ruleset', undefined, { token: null });
    const res = await fetch(`${t.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /switchyard_http_requests_total\{route="\/api\/v1\/environments\/:env\/flags\/:key",method="PUT",status="201"\} 1/,
    );
    expect(text).toMatch(
      /switchyard_http_requests_total\{route="\/api\/v1\/environments\/:env\/flags\/:key",method="GET",status="401"\} 1/,
    );
    // Unmatched URLs count under one label (never the raw URL); routes in plugins count under their pattern.
    expect(text).toMatch(/switchyard_http_requests_total\{route="unmatched",method="GET",status="404"\} 1/);
    expect(text).not.toContain('sy_server_secret');
    expect(text).toMatch(
      /switchyard_http_requests_total\{route="\/sdk\/v1\/ruleset",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /switchyard_http_request_duration_seconds_count\{route="\/sdk\/v1\/ruleset",method="GET"\} 1/,
    );
    expect(text).toContain('switchyard_http_request_duration_seconds_bucket');
    expect(text).toContain(
      'switchyard_store_duration_seconds_bucket{le="0.0005",operation="compareAndSetFlag"}',
    );
    expect(text).toMatch(/switchyard_changes_total\{environment="production",kind="flag"\} [1-9]/);
  });

  it('serves an OpenAPI document built from the schemas, and a docs page', async () => {
    const doc = (await t.api('GET', '/openapi.json', undefined, { token: null })).body;
    expect(doc.openapi).toBe('3.0.3');
    const put = doc.paths['/api/v1/environments/{env}/flags/{key}'].put;
    expect(put.requestBody.content['application/json'].schema.properties).toHaveProperty('fallthrough');
    expect(put.security).toEqual([{ bearer: [] }]);
    expect(
      doc.paths['/api/v1/environments/{env}/flags/{key}/rollout'].post.requestBody.content['application/json']
        .schema.properties.percentage.maximum,
    ).toBe(100);
    expect(doc.paths['/sdk/v1/stream'].get.summary).toContain('SSE');
    const page = await fetch(`${t.url}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('PUT /api/v1/environments/{env}/flags/{key}');
  });
});
