import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import type { FlagStore } from '../store/types.js';
import type { ServerMetrics } from './metrics.js';

const PASS_THROUGH = new Set<PropertyKey>(['subscribe', 'onApiKeyRevoked', 'onConnectionChange', 'close']);

/**
 * Wraps a store for the HTTP layer: times every operation, and turns a store failure (Redis down,
 * disk error) into a 503 that says the change was not made, instead of a 500.
 */
export function guardStore(store: FlagStore, metrics: ServerMetrics, log: FastifyBaseLogger): FlagStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        const end = metrics.storeLatency.startTimer({ operation: String(property) });
        try {
          return await value.apply(target, args);
        } catch (err) {
          if (err instanceof ApiError) throw err;
          log.error({ err, operation: String(property) }, 'store operation failed');
          // The cause (a path, a Redis address) goes to the log, never into a public body.
          throw new ApiError('SY_ERR_STORE_UNAVAILABLE');
        } finally {
          end();
        }
      };
    },
  });
}
