import { type ContextOrUserId, createEvaluator } from '@switchyard/shared';
import { consoleLogger, createClient } from '../../../packages/sdk-node/src/index.js';
import { scenarioFlag } from '../engine/scenario-flag.js';
import { FLAG_KEY } from '../engine/scenarios.js';
import { collectGarbage } from '../support/measure.js';
import { startEventsSink } from './events-sink.js';
import { countClient, countEngine } from './loops.js';
import { checkWindow, type WindowReport, type WindowTruth, windowTruth } from './window-check.js';
import { contextsFor, type Workload } from './workloads.js';

/**
 * The client's flush interval here. The harness waits for the batch that closes each window before
 * it times the next one, so every timed window starts from zero counts and an empty exposure set,
 * as a production window does.
 */
const FLUSH_INTERVAL_MS = 50;

export interface Comparison {
  readonly workload: Workload;
  /** Evaluations per pass. */
  readonly evaluations: number;
  /** Wall time of each measured pass, in nanoseconds. */
  readonly engineNs: number[];
  readonly clientNs: number[];
  /** What the SDK reported for the last window. */
  readonly lastWindow: WindowReport;
}

/** How long the harness lets the machine settle after collecting garbage, before it times a window. */
const SETTLE_MS = 20;

/** Evaluations timed at a time, for one subject, before the other's turn. */
const CHUNK = 100_000;

/** One run of `work`: its result and wall time in nanoseconds. */
function timed<T>(work: () => T): { result: T; ns: number } {
  const start = process.hrtime.bigint();
  const result = work();
  return { result, ns: Number(process.hrtime.bigint() - start) };
}

/**
 * Collects the garbage of the last window (the flush, the stand-in's request) and waits a moment,
 * so that neither subject's window pays for a collection or for V8's sweeping after one.
 */
async function quiesce(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

export interface ComparisonOptions {
  readonly warmIds: readonly string[];
  readonly warmUpPasses: number;
  readonly passes: number;
}

/**
 * Times the bare engine and a production client on the same workload, in the same process: the
 * same flag document, the same contexts, taking turns. Every SDK window is closed by a flush, and
 * the batch it sends is checked (every evaluation counted, no exposure over-counted).
 */
export async function compare(workload: Workload, options: ComparisonOptions): Promise<Comparison> {
  const flag = scenarioFlag(workload.scenario);
  const evaluator = createEvaluator({ flags: { [FLAG_KEY]: flag }, segments: {} });
  const sink = await startEventsSink();
  const client = createClient({
    url: sink.url,
    sdkKey: 'bench-server-key',
    stream: false,
    bootstrap: { flags: { [FLAG_KEY]: flag } },
    flushIntervalMs: FLUSH_INTERVAL_MS,
    logger: consoleLogger('silent'),
  });

  const warm = contextsFor(workload.scenario, options.warmIds);
  const warmTruth = windowTruth(evaluator, warm);
  for (let pass = 0; pass < options.warmUpPasses; pass++) {
    const on = countEngine(evaluator, warm);
    if (countClient(client, warm) !== on) throw new Error('the SDK and the engine disagree');
    checkWindow(await sink.nextBatch(10_000), warmTruth);
  }
  const truths = workload.windows.map((window) => windowTruth(evaluator, window));

  // Each window is timed in chunks, the engine and the SDK taking turns chunk by chunk (who goes
  // first alternates), so that a change in machine load falls on both alike. The SDK's window still
  // spans all of its chunks: it is flushed only after the last.
  const chunks = workload.windows.map((window) => {
    const parts: (readonly ContextOrUserId[])[] = [];
    for (let i = 0; i < window.length; i += CHUNK) parts.push(window.slice(i, i + CHUNK));
    return parts;
  });
  const engineNs: number[] = [];
  const clientNs: number[] = [];
  let lastWindow: WindowReport | undefined;
  const answers = new Set<string>();
  for (let pass = 0; pass < options.passes; pass++) {
    let engine = 0;
    let sdk = 0;
    const on = { engine: [] as number[], client: [] as number[] };
    for (let w = 0; w < workload.windows.length; w++) {
      await quiesce();
      let engineOn = 0;
      let clientOn = 0;
      for (const [k, chunk] of (chunks[w] ?? []).entries()) {
        const engineFirst = (pass + k) % 2 === 0;
        const first = engineFirst
          ? timed(() => countEngine(evaluator, chunk))
          : timed(() => countClient(client, chunk));
        const second = engineFirst
          ? timed(() => countClient(client, chunk))
          : timed(() => countEngine(evaluator, chunk));
        const [e, c] = engineFirst ? [first, second] : [second, first];
        engine += e.ns;
        sdk += c.ns;
        engineOn += e.result;
        clientOn += c.result;
      }
      on.engine.push(engineOn);
      on.client.push(clientOn);
      lastWindow = checkWindow(await sink.nextBatch(10_000), truths[w] as WindowTruth);
    }
    engineNs.push(engine);
    clientNs.push(sdk);
    answers.add(on.engine.join()).add(on.client.join());
    if (answers.size !== 1) throw new Error('the SDK and the engine gave different answers');
  }
  await client.close();
  await sink.close();
  const evaluations = workload.windows.reduce((sum, w) => sum + w.length, 0);
  return {
    workload,
    evaluations,
    engineNs,
    clientNs,
    lastWindow: lastWindow as WindowReport,
  };
}
