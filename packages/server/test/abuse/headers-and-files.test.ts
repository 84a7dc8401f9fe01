import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, startAttackTarget } from '../support/attack-target.js';

// What a server process leaves for others to find: the headers a browser enforces on every answer,
// and the data files on disk (key hashes, the audit log, every flag) readable by the owner only.

let target: AttackTarget;
beforeAll(async () => {
  target = await startAttackTarget();
  // Something in every store file: a flag, its audit entry, metrics.
  await target.call('PUT', '/api/v1/environments/production/flags/checkout', {
    type: 'boolean',
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    fallthrough: { variant: 'on' },
  });
  await target.call(
    'POST',
    '/sdk/v1/events',
    { metrics: [{ flag: 'checkout', variant: 'on', evaluations: 3 }] },
    target.clientKey,
  );
});
afterAll(async () => {
  await target?.stop();
});

describe('security headers', () => {
  it.each([
    ['the admin API', '/api/v1/environments', undefined, 'page'],
    ['an SDK route', '/sdk/v1/ruleset', 'server', 'sdk'],
    ['an SDK route refusing its key', '/sdk/v1/ruleset', undefined, 'sdk'],
    ['an error', '/api/v1/nowhere', undefined, 'page'],
    ['the health probe', '/health/live', undefined, 'page'],
  ] as const)('are on %s', async (_, path, key, set) => {
    const res = await fetch(`${target.url}${path}`, {
      headers: { authorization: `Bearer ${key === 'server' ? target.serverKey : 'x'}` },
    });
    await res.text();
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // SDK answers are JSON that no page shows: the policy allows nothing, and X-Frame-Options is for pages.
    if (set === 'sdk') {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBeNull();
    } else expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each([
    ['the server stream', '/sdk/v1/stream', 'server'],
    ['the client stream', '/sdk/v1/evaluate/stream', 'client'],
    ['the OFREP event stream', '/ofrep/v1/events', 'client'],
  ] as const)('are on %s, whose response the route writes itself', async (_, path, key) => {
    const controller = new AbortController();
    const res = await fetch(`${target.url}${path}`, {
      headers: { authorization: `Bearer ${key === 'server' ? target.serverKey : target.clientKey}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    controller.abort();
  });
});

describe('data files', () => {
  it('are owner-only: files 0600, directories 0700', async () => {
    // A restart re-reads and rewrites what it keeps: the modes hold after it too.
    await target.restart();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? [join(dir, entry.name), ...walk(join(dir, entry.name))]
          : [join(dir, entry.name)],
      );
    const paths = [target.dataDir, ...walk(target.dataDir)];
    expect(paths.length).toBeGreaterThan(2);
    const open = paths
      .map((path) => ({ path, mode: statSync(path).mode & 0o777, dir: statSync(path).isDirectory() }))
      .filter(({ mode, dir }) => mode !== (dir ? 0o700 : 0o600));
    expect(open).toEqual([]);
  });
});
