import { describe, expect, it } from 'vitest';
import {
  auditListSchema,
  conflictDetailsSchema,
  createdApiKeySchema,
  environmentListSchema,
  errorBodySchema,
  fieldProblemsSchema,
  flagListSchema,
  flagMetricsResponseSchema,
} from '../../src/index.js';
import { flagWith } from '../evaluation/support.js';

const flag = flagWith({ key: 'new-checkout', version: 3 });

describe('admin API response schemas', () => {
  it('ignore fields a newer server adds', () => {
    const environments = {
      environments: [{ key: 'production', name: 'Production', createdAt: 'x', region: 'eu' }],
    };
    expect(environmentListSchema.parse({ ...environments, next: null }).environments).toEqual([
      { key: 'production', name: 'Production', createdAt: 'x' },
    ]);
    const entry = {
      id: 'a1',
      at: '2025-01-01T00:00:00.000Z',
      actor: { keyId: 'k1', name: 'ci', ip: '10.0.0.1' },
      action: 'flag.rollout',
      environment: 'production',
      resource: { kind: 'plan', key: 'new-checkout' },
      before: null,
      after: { version: 1 },
      requestId: 'r1',
    };
    expect(auditListSchema.safeParse({ entries: [entry] }).success).toBe(true);
  });

  it('read a listed flag as a checked flag document plus its percentage', () => {
    const parsed = flagListSchema.parse({ flags: [{ ...flag, percentage: 0 }] });
    expect(parsed.flags[0]).toEqual({ ...flag, percentage: 0 });
    const bad = flagListSchema.safeParse({ flags: [{ ...flag, offVariant: 'nope', percentage: 0 }] });
    expect(bad.error?.issues[0]?.path).toEqual(['flags', 0, 'offVariant']);
    expect(flagListSchema.safeParse({ flags: [flag] }).success).toBe(false);
  });

  it('require the secret of a created key', () => {
    const key = {
      id: 'k1',
      kind: 'server',
      name: 'checkout',
      environment: 'production',
      createdAt: 'x',
      revokedAt: null,
    };
    expect(createdApiKeySchema.safeParse(key).success).toBe(false);
    expect(createdApiKeySchema.parse({ ...key, secret: 'sy_server_abc' }).secret).toBe('sy_server_abc');
  });

  it('read flag metrics with their per-variant totals', () => {
    const body = {
      flag: 'new-checkout',
      environment: 'production',
      fromMinute: 10,
      toMinute: 11,
      series: [{ flag: 'new-checkout', variant: 'on', minute: 10, evaluations: 4, exposures: 2, errors: 1 }],
      totals: [
        { variant: 'on', evaluations: 4, exposures: 2, errors: 1, errorRate: 0.25, p95LatencyMs: null },
      ],
    };
    expect(flagMetricsResponseSchema.parse(body)).toEqual(body);
    expect(flagMetricsResponseSchema.safeParse({ ...body, totals: undefined }).success).toBe(false);
  });

  it('read error bodies, with field problems or conflict details', () => {
    const validation = errorBodySchema.parse({
      error: {
        code: 'SY_ERR_VALIDATION',
        message: 'Invalid flag',
        details: [{ path: 'key', message: 'bad' }],
      },
    });
    expect(fieldProblemsSchema.parse(validation.error.details)).toEqual([{ path: 'key', message: 'bad' }]);
    const conflict = errorBodySchema.parse({
      error: { code: 'SY_ERR_CONFLICT', message: 'changed', details: { currentVersion: null } },
    });
    expect(conflictDetailsSchema.parse(conflict.error.details)).toEqual({ currentVersion: null });
    expect(errorBodySchema.safeParse({ error: { code: 'SY_ERR_INTERNAL' } }).success).toBe(false);
  });
});
