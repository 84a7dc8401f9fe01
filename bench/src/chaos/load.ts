// A load process of the chaos run: its share of the SDK clients, all streaming through HAProxy, each
// evaluating every flag for a few users in rounds. It counts evaluations that threw and the 5xx the
// SDK met, and on request waits until every client serves the final ruleset (see protocol.ts).
import { createClient, type Logger, type SwitchyardClient } from '@switchyard/sdk-node';
import type { Convergence, FromLoad, LoadConfig, LoadStats, ToLoad } from './protocol.js';

const config = JSON.parse(process.env.CHAOS_LOAD_CONFIG ?? '') as LoadConfig;
const READY_TIMEOUT_MS = 180_000;
const CONVERGE_POLL_MS = 20;

const send = (message: FromLoad) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The SDK warns on every interruption; 500 clients through a fault would flood the output. The
// errors are counted through the `error` event instead.
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let evaluations = 0;
let threw = 0;
let firstThrow: string | undefined;
let unavailable = 0;
const serverErrors: Record<string, number> = {};
const errors: Record<string, number> = {};
const errorSamples = new Set<string>();
const ERROR_SAMPLES = 8;
const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const clients: SwitchyardClient[] = [];

function newClient(): SwitchyardClient {
  const client = createClient({ url: config.url, sdkKey: config.serverKey, logger: quiet });
  client.on('error', (error) => {
    bump(errors, error.code);
    if (errorSamples.size < ERROR_SAMPLES) errorSamples.add(`${error.code}: ${error.message}`);
    if (error.status === 503) unavailable++;
    else if (error.status !== undefined && error.status >= 500) bump(serverErrors, String(error.status));
  });
  return client;
}

function stats(): LoadStats {
  const states: Record<string, number> = {};
  for (const client of clients) bump(states, client.status().state);
  return {
    clients: clients.length,
    states,
    evaluations,
    threw,
    firstThrow,
    serverErrors,
    unavailable,
    errors,
    errorSamples: [...errorSamples],
  };
}

/** What a client serves: the variant of every flag for every user, in one string. */
function fingerprint(client: SwitchyardClient): string {
  return config.flagKeys
    .map((key) => config.users.map((user) => client.variantOf(key, user)).join(','))
    .join(';');
}

function evaluateRound(client: SwitchyardClient): void {
  for (const key of config.flagKeys)
    for (const user of config.users) {
      try {
        client.isEnabled(key, user);
        client.evaluate(key, { userId: user, plan: 'chaos' }, false);
      } catch (error) {
        threw++;
        firstThrow ??= String(error);
      }
      evaluations += 2;
    }
}

let running = true;
async function evaluateLoop(client: SwitchyardClient, offsetMs: number): Promise<void> {
  await sleep(offsetMs);
  while (running) {
    evaluateRound(client);
    await sleep(config.evaluateEveryMs);
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(CONVERGE_POLL_MS);
  }
  return true;
}

async function converge(revision: number, since: number, timeoutMs: number): Promise<Convergence> {
  const deadline = since + timeoutMs;
  const notValidAtStart = clients.filter((client) => client.status().state !== 'valid').length;
  const atRevision = (client: SwitchyardClient) => (client.status().revision ?? -1) >= revision;
  // When each client first served the final revision.
  const reachedMs = new Map<SwitchyardClient, number>();
  const reference = newClient();
  await until(
    () => {
      for (const client of clients)
        if (!reachedMs.has(client) && atRevision(client)) reachedMs.set(client, Date.now() - since);
      return reachedMs.size === clients.length && atRevision(reference);
    },
    Math.max(0, deadline - Date.now()),
  );
  const perClientMs = [...reachedMs.values()];
  if (!atRevision(reference)) {
    await reference.close();
    const example = `a new client stayed at ${JSON.stringify(reference.status())}`;
    return { ms: null, notConverged: clients.length, example, perClientMs, notValidAtStart };
  }
  // At the final revision, a client must serve what a new client serves.
  const expected = fingerprint(reference);
  await reference.close();
  const behind = clients.filter((client) => !reachedMs.has(client) || fingerprint(client) !== expected);
  if (behind.length === 0)
    return { ms: Math.max(...perClientMs), notConverged: 0, perClientMs, notValidAtStart };
  const status = behind[0]?.status();
  return {
    ms: null,
    notConverged: behind.length,
    example: `state ${status?.state}, revision ${status?.revision} (expected ${revision}), last error ${status?.lastError?.message}`,
    perClientMs,
    notValidAtStart,
  };
}

process.on('message', (message: ToLoad) => {
  if (message.type === 'stats') send({ type: 'stats', stats: stats() });
  else if (message.type === 'converge')
    void converge(message.revision, message.since, message.timeoutMs).then((convergence) =>
      send({ type: 'converged', convergence, stats: stats() }),
    );
  else if (message.type === 'stop') {
    running = false;
    void Promise.all(clients.map((client) => client.close())).finally(() => process.exit(0));
  }
});
// The orchestrator went away (killed, Ctrl-C): nothing to report to any more.
process.on('disconnect', () => process.exit(0));

for (let i = 0; i < config.clients; i++) clients.push(newClient());
const started = Date.now();
if (!(await until(() => clients.every((c) => c.status().state === 'valid'), READY_TIMEOUT_MS)))
  throw new Error(`clients not ready within ${READY_TIMEOUT_MS} ms: ${JSON.stringify(stats().states)}`);
console.log(`${clients.length} clients ready in ${Date.now() - started} ms`);
clients.forEach((client, i) => void evaluateLoop(client, (i * config.evaluateEveryMs) / clients.length));
send({ type: 'ready', stats: stats() });
