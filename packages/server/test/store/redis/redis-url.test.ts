import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../../src/store/redis/redis-url.js';

describe('parseRedisUrl', () => {
  it('hands standalone URLs to ioredis as they are', () => {
    expect(parseRedisUrl('redis://:pw@cache.internal:6380/2')).toEqual({
      kind: 'standalone',
      url: 'redis://:pw@cache.internal:6380/2',
    });
    expect(parseRedisUrl('rediss://cache.internal')).toEqual({
      kind: 'standalone',
      url: 'rediss://cache.internal',
    });
  });

  it('reads Sentinel hosts, master name, database and both sets of credentials', () => {
    expect(
      parseRedisUrl(
        'redis+sentinel://app:s%40cret@s1.internal,s2.internal:26380,[::1]:26381/primary/3?sentinelPassword=sp&sentinelUsername=su',
      ),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1.internal', port: 26379 },
        { host: 's2.internal', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'primary',
      db: 3,
      username: 'app',
      password: 's@cret',
      sentinelUsername: 'su',
      sentinelPassword: 'sp',
      tls: false,
    });
    expect(parseRedisUrl('rediss+sentinel://s1/mymaster')).toMatchObject({
      name: 'mymaster',
      db: 0,
      tls: true,
    });
  });

  it('reads Cluster seed nodes and credentials', () => {
    expect(parseRedisUrl('redis+cluster://:pw@n1.internal:7000,n2.internal')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1.internal', port: 7000 },
        { host: 'n2.internal', port: 6379 },
      ],
      password: 'pw',
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://n1:7000/')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it('explains what is wrong with a URL it cannot use', () => {
    expect(() => parseRedisUrl('http://cache:6379')).toThrow(/must start with redis:\/\//);
    expect(() => parseRedisUrl('redis+sentinel://s1:26379')).toThrow(/master name/);
    expect(() => parseRedisUrl('redis+sentinel://s1:26379/mymaster/x')).toThrow(/master name/);
    expect(() => parseRedisUrl('redis+cluster://n1:7000/1')).toThrow(/no path/);
    expect(() => parseRedisUrl('redis+cluster://n1:70a0')).toThrow(/host\[:port\]/);
  });
});
