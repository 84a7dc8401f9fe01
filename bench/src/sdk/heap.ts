import { createEvaluator, rulesetSchema } from '@switchyard/shared';
import { consoleLogger, createClient } from '../../../packages/sdk-node/src/index.js';
import { collectGarbage } from '../support/measure.js';
import { realisticRulesetText } from './realistic-flags.js';

export interface HeapResult {
  readonly flags: number;
  /** JSON text of the ruleset, as the server would send it. */
  readonly rulesetBytes: number;
  /** Heap held by a client with the ruleset loaded, over the heap before it was made. */
  readonly clientBytes: number;
  /** The same after every flag was evaluated once (per-flag metric counters made). */
  readonly clientEvaluatedBytes: number;
  /** Heap held by the bare engine compiled from the same ruleset (documents included). */
  readonly engineBytes: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Heap in use once garbage is collected (needs --expose-gc, which scripts/bench.mjs passes). */
async function heapUsed(): Promise<number> {
  await settle();
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap used by a Node SDK client holding `count` realistic flags: `process.memoryUsage().heapUsed`
 * after garbage collection, minus the same before the client was made. The ruleset arrives as JSON
 * text and is parsed by the client as a bootstrap, so that only what the client keeps is counted.
 */
export async function measureClientHeap(count: number): Promise<HeapResult> {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with --expose-gc (scripts/bench.mjs does)');
  const text = realisticRulesetText(count);
  const keys = Object.keys(rulesetSchema.parse(JSON.parse(text)).flags);
  if (keys.length !== count) throw new Error(`expected ${count} flags, made ${keys.length}`);
  const context = {
    userId: 'user-42',
    country: 'DE',
    plan: 'pro',
    email: 'a@example.org',
    appVersion: '4.3.0',
  };

  let before = await heapUsed();
  const engine = createEvaluator(rulesetSchema.parse(JSON.parse(text)));
  const engineBytes = (await heapUsed()) - before;

  before = await heapUsed();
  const client = createClient({
    url: 'http://127.0.0.1:9',
    sdkKey: 'bench-server-key',
    stream: false,
    bootstrap: JSON.parse(text),
    logger: consoleLogger('silent'),
  });
  const clientBytes = (await heapUsed()) - before;
  let served = 0;
  for (const key of keys) if (client.evaluate(key, context).variant !== null) served++;
  if (served !== count) throw new Error(`the client served ${served} of ${count} flags`);
  const clientEvaluatedBytes = (await heapUsed()) - before;
  await client.close();
  // Read after the client's measurements, so that the engine stays alive through them.
  if (engine.flagKeys().length !== count) throw new Error('the engine did not load every flag');

  return {
    flags: count,
    rulesetBytes: Buffer.byteLength(text),
    clientBytes,
    clientEvaluatedBytes,
    engineBytes,
  };
}
