import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import type { FlagStore } from '../store/types.js';
import type { ServerMetrics } from './metrics.js';

const PASS_THROUGH = new Set<PropertyKey>(['subscribe', 'onApiKeyRevoked', 'onConnectionChange', 'close']);

/** Writes refused while the store is not trusted (it came back empty): nothing may build on it. */
const WRITES = new Set<PropertyKey>([
  'createEnvironment',
  'compareAndSetFlag',
  'compareAndSetSegment',
  'compareAndSetPlan',
  'compareAndSetSchedule',
  'createApiKey',
  'revokeApiKey',
  'createTrigger',
  'deleteTrigger',
  'appendFlagAudit',
  'claimEpoch',
  'replaceEpoch',
]);

/**
 * Wraps a store for the HTTP layer: times every operation, and turns a store failure (Redis down,
 * disk error) into a 503 that says the change was not made, instead of a 500. While `untrusted()`
 * (the store forgot what this instance served), writes answer 503 SY_ERR_STORE_FORGOT.
 */
export function guardStore(
  store: FlagStore,
  metrics: ServerMetrics,
  log: FastifyBaseLogger,
  untrusted: () => boolean = () => false,
): FlagStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      const write = WRITES.has(property);
      return async (...args: unknown[]) => {
        if (write && untrusted()) throw new ApiError('SY_ERR_STORE_FORGOT');
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
