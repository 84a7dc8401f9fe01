import type { Cluster, Redis } from 'ioredis';

const PING_TIMEOUT_MS = 2_000;

/** Resolves once `connection` is ready, or rejects after `timeoutMs` with the last error it saw. */
export function waitReady(connection: Redis | Cluster, timeoutMs: number, what: string): Promise<void> {
  if (connection.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError = 'no answer';
    const onError = (err: Error) => {
      lastError = err.message;
    };
    const timer = setTimeout(() => {
      connection.off('ready', onReady);
      connection.off('error', onError);
      reject(new Error(`Redis (${what}) was not ready within ${timeoutMs} ms: ${lastError}`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      connection.off('error', onError);
      resolve();
    };
    connection.once('ready', onReady);
    connection.on('error', onError);
  });
}

/** Throws with a readable message unless Redis answers PING within 2 s. */
export async function ping(client: Redis | Cluster): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Redis did not answer PING within ${PING_TIMEOUT_MS} ms`)),
      PING_TIMEOUT_MS,
    );
  });
  try {
    const reply = await Promise.race([client.ping(), timeout]);
    if (reply !== 'PONG') throw new Error(`Redis answered PING with ${String(reply)}`);
  } catch (err) {
    throw new Error(`Redis is not ready: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Quits politely when connected, else just drops the connection. */
export async function shutdown(connection: Redis | Cluster): Promise<void> {
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  await connection.quit().catch(() => connection.disconnect());
}
