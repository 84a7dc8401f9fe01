import { startRedis, type TestRedis } from '@switchyard/test-support/redis';
import { booleanFlag, startTestServer, type TestServer } from '@switchyard/test-support/server';
import { afterAll, describe, expect, it } from 'vitest';

interface Entry {
  id: string;
  action: string;
}

async function pagesThrough(t: TestServer): Promise<void> {
  const flag = '/api/v1/environments/production/flags/paged';
  await t.api('PUT', flag, booleanFlag('paged', 0));
  for (let p = 1; p <= 24; p++) await t.api('POST', `${flag}/rollout`, { percentage: p });
  // A change elsewhere is not on this flag's pages.
  await t.api('PUT', '/api/v1/environments/production/flags/other', booleanFlag('other'));

  const seen: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `environment=production&flag=paged&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.api('GET', `/api/v1/audit?${query}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.entries);
    cursor = res.body.next;
    pages++;
  } while (cursor !== null && pages < 10);
  expect(pages).toBe(3);
  expect(seen).toHaveLength(25);
  expect(new Set(seen.map((e) => e.id)).size).toBe(25);
  expect(seen[0]).toMatchObject({ action: 'flag.rollout', after: { version: 25 } });
  expect(seen.at(-1)).toMatchObject({ action: 'flag.put', before: null, after: { version: 1 } });

  const bad = await t.api('GET', '/api/v1/audit?cursor=not*a*cursor');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].path).toBe('cursor');
  const forged = await t.api('GET', `/api/v1/audit?cursor=${Buffer.from('yesterday').toString('base64url')}`);
  expect(forged.status).toBe(400);
  expect(forged.body.error.details[0].path).toContain('cursor');
}

describe('audit log pages', () => {
  let t: TestServer | undefined;
  let redis: TestRedis | undefined;
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it("walks a flag's audit trail page by page with next, null at the end, on the file store", async () => {
    t = await startTestServer();
    await pagesThrough(t);
    await t.close();
    t = undefined;
  });

  it('walks the same pages on Redis', async () => {
    redis = await startRedis();
    t = await startTestServer({}, { REDIS_URL: redis.url });
    await pagesThrough(t);
  });
});
