import type { Cluster, Redis } from 'ioredis';
import { auditHead } from '../audit-log.js';
import { AUDIT_KEPT } from '../limits.js';
import { environmentSchema, parseJson } from '../records.js';
import type { FlagStore } from '../types.js';
import type { KeyLayout } from './key-layout.js';
import { exec, optionalString, stringHash, stringList } from './replies.js';

export interface RedisEnvironments
  extends Pick<FlagStore, 'listEnvironments' | 'getEnvironment' | 'createEnvironment'> {
  /** The keys of every environment, in creation order. */
  environmentKeys(): Promise<string[]>;
}

/**
 * Environments: each one's own `meta` key (whose existence makes it writable), plus a global hash
 * and creation-order list for listing them.
 */
export function redisEnvironments(client: Redis | Cluster, keys: KeyLayout): RedisEnvironments {
  return {
    async environmentKeys() {
      return stringList.parse(await client.lrange(keys.global.environmentOrder, 0, -1));
    },
    async listEnvironments() {
      const [order, all] = await exec(
        client.multi().lrange(keys.global.environmentOrder, 0, -1).hgetall(keys.global.environments),
      );
      const byKey = stringHash.parse(all);
      return stringList
        .parse(order)
        .flatMap((key) =>
          byKey[key] === undefined ? [] : [parseJson(environmentSchema, byKey[key], 'an environment')],
        );
    },
    async getEnvironment(key) {
      const text = optionalString.parse(await client.get(keys.environment(key).meta));
      return text === null ? undefined : parseJson(environmentSchema, text, `environment "${key}"`);
    },
    async createEnvironment(environment, input) {
      const checked = environmentSchema.parse(environment);
      const env = keys.environment(checked.key);
      const audit = {
        ...auditHead(input, checked.key, { kind: 'environment', key: checked.key }),
        before: null,
        after: checked,
      };
      const created =
        (await client.switchyardCreateEnvironment(
          env.meta,
          env.audit,
          JSON.stringify(checked),
          JSON.stringify(audit),
          AUDIT_KEPT,
        )) === 1;
      // Listed globally from what is stored, which repairs a creation that stopped before this step.
      const stored = optionalString.parse(await client.get(env.meta)) ?? JSON.stringify(checked);
      await client.switchyardRegisterEnvironment(
        keys.global.environments,
        keys.global.environmentOrder,
        checked.key,
        stored,
      );
      return created;
    },
  };
}
