import { Cluster, Redis, type RedisOptions } from 'ioredis';

/**
 * What a `REDIS_URL` names. Three forms:
 *
 * - standalone: `redis://[user:password@]host[:port][/db]` (`rediss://` for TLS), handed to ioredis as is;
 * - Sentinel: `redis+sentinel://[user:password@]host[:port][,host[:port]...]/<master name>[/db]`
 *   with optional `?sentinelUsername=...&sentinelPassword=...` (the user and password in front of
 *   the hosts are the data nodes'); port defaults to 26379; `rediss+sentinel://` uses TLS to both;
 * - Cluster: `redis+cluster://[user:password@]host[:port][,host[:port]...]`, any reachable nodes as
 *   seeds; port defaults to 6379; `rediss+cluster://` for TLS.
 */
export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      name: string;
      db: number;
      username?: string;
      password?: string;
      sentinelUsername?: string;
      sentinelPassword?: string;
      tls: boolean;
    }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string; tls: boolean };

export interface HostPort {
  host: string;
  port: number;
}

const MULTI_HOST = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?$/;

export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) {
    new URL(url); // throws on a malformed URL now rather than at the first connection attempt
    return { kind: 'standalone', url };
  }
  const match = MULTI_HOST.exec(url);
  if (!match) {
    throw new Error(
      'REDIS_URL must start with redis://, rediss://, redis+sentinel://, rediss+sentinel://, ' +
        'redis+cluster:// or rediss+cluster://',
    );
  }
  const [, scheme, mode, userInfo, hostList = '', path = '', query = ''] = match;
  const tls = scheme === 'rediss';
  const credentials = parseUserInfo(userInfo);
  const hosts = hostList.split(',').map((h) => parseHostPort(h, mode === 'sentinel' ? 26379 : 6379));

  if (mode === 'cluster') {
    if (path !== '' && path !== '/')
      throw new Error('a redis+cluster:// URL takes no path (Cluster has no databases)');
    return { kind: 'cluster', nodes: hosts, ...credentials, tls };
  }

  const [name, db = '0', ...rest] = path.split('/').filter((p) => p !== '');
  if (name === undefined || rest.length > 0 || !/^\d+$/.test(db)) {
    throw new Error(
      'a redis+sentinel:// URL needs the master name as its path: redis+sentinel://host:26379/mymaster[/db]',
    );
  }
  const params = new URLSearchParams(query);
  const target: RedisTarget = {
    kind: 'sentinel',
    sentinels: hosts,
    name: decodeURIComponent(name),
    db: Number(db),
    ...credentials,
    tls,
  };
  const sentinelUsername = params.get('sentinelUsername');
  const sentinelPassword = params.get('sentinelPassword');
  if (sentinelUsername !== null) target.sentinelUsername = sentinelUsername;
  if (sentinelPassword !== null) target.sentinelPassword = sentinelPassword;
  return target;
}

function parseUserInfo(userInfo: string | undefined): { username?: string; password?: string } {
  if (userInfo === undefined || userInfo === '') return {};
  const colon = userInfo.indexOf(':');
  const username = decodeURIComponent(colon === -1 ? userInfo : userInfo.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(userInfo.slice(colon + 1));
  return {
    ...(username === '' ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

function parseHostPort(text: string, defaultPort: number): HostPort {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`"${text}" is not a host[:port]`);
  const host = match[1].startsWith('[') ? match[1].slice(1, -1) : match[1];
  return { host, port: match[2] === undefined ? defaultPort : Number(match[2]) };
}

/**
 * Connection options for a web server: a command waits through at most one reconnection attempt
 * (then fails, so a request gets an error instead of hanging), and a command whose connection
 * dropped before the reply is not sent again (a resent compare-and-set would report a conflict
 * with its own write).
 */
const SERVER_OPTIONS = {
  maxRetriesPerRequest: 1,
  autoResendUnfulfilledCommands: false,
} satisfies RedisOptions;

/** Creates the ioredis client a target needs: `Redis` for standalone and Sentinel, `Redis.Cluster` for Cluster. */
export function createRedisClient(target: RedisTarget): Redis | Cluster {
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, SERVER_OPTIONS);
    case 'sentinel': {
      const { sentinels, name, db, username, password, sentinelUsername, sentinelPassword, tls } = target;
      return new Redis({
        ...SERVER_OPTIONS,
        sentinels,
        name,
        db,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
        ...(sentinelUsername === undefined ? {} : { sentinelUsername }),
        ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
        ...(tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      });
    }
    case 'cluster': {
      const { nodes, username, password, tls } = target;
      return new Cluster(nodes, {
        redisOptions: {
          ...SERVER_OPTIONS,
          ...(username === undefined ? {} : { username }),
          ...(password === undefined ? {} : { password }),
          ...(tls ? { tls: {} } : {}),
        },
      });
    }
  }
}
