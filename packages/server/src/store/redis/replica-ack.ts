import { type Cluster, Redis } from 'ioredis';

export interface ReplicaAckOptions {
  /** Replicas that must have a write before it is acknowledged (0: the master's word is enough). */
  minReplicas: number;
  /** How long to wait for them. */
  timeoutMs: number;
}

/**
 * Wraps write methods so that they resolve only once `minReplicas` replicas have the write (Redis
 * WAIT, which covers every earlier command of the connection). When the replicas do not confirm in
 * time the write throws: the caller answers 503 rather than acknowledging a write a failover could
 * lose. The write may still have reached the master; a retry with If-Match then sees it.
 */
export function replicaAck(client: Redis | Cluster, { minReplicas, timeoutMs }: ReplicaAckOptions) {
  if (minReplicas > 0 && !(client instanceof Redis)) {
    // WAIT would go to an arbitrary node of a cluster, not the one that took the write.
    throw new Error('REDIS_MIN_REPLICAS needs a standalone or Sentinel Redis, not a cluster');
  }
  return <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      if (minReplicas > 0) {
        const confirmed = Number(await (client as Redis).call('WAIT', minReplicas, timeoutMs));
        if (confirmed < minReplicas) {
          throw new Error(
            `the write reached ${confirmed} of ${minReplicas} required replicas within ${timeoutMs} ms`,
          );
        }
      }
      return result;
    };
}
