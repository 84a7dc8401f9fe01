/**
 * The traffic of the rolling-restart scenario (see rolling-restart.ts): Node SDK clients streaming, a
 * browser-style client evaluate stream reader, remote evaluations at a steady rate and an admin writer,
 * each recording what it saw with the time it saw it, and never throwing: failures are counted.
 */
import { createClient, type SwitchyardClient } from '@switchyard/sdk-node';

/** A revision a client held from `at` (ms since the epoch) on. */
export interface Seen {
  at: number;
  revision: number;
}

/** A revision seen after a newer one by the same client. */
export interface Regression {
  client: string;
  from: number;
  to: number;
}

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

/** Records a client's revisions, and any that went backwards. */
function history(client: string, regressions: Regression[]) {
  const seen: Seen[] = [];
  return {
    seen,
    record(revision: number | null | undefined) {
      if (typeof revision !== 'number') return;
      const last = seen.at(-1)?.revision;
      if (last === revision) return;
      if (last !== undefined && revision < last) regressions.push({ client, from: last, to: revision });
      seen.push({ at: Date.now(), revision });
    },
  };
}

export interface SdkFleet {
  readonly clients: SwitchyardClient[];
  /** Per client, every revision it held, in order. */
  readonly seen: Seen[][];
  readonly regressions: Regression[];
  /** Milliseconds from each stream drop (`interrupted`) to the stream resumed (`valid` again). */
  readonly reconnectsMs: number[];
  close(): Promise<void>;
}

/** `count` Node SDK clients streaming from `url`, ready when this resolves. */
export async function sdkFleet(url: string, sdkKey: string, count: number): Promise<SdkFleet> {
  const regressions: Regression[] = [];
  const reconnectsMs: number[] = [];
  const histories = Array.from({ length: count }, (_, i) => history(`sdk-${i}`, regressions));
  const clients = histories.map((h) => {
    const client = createClient({ url, sdkKey, logger: SILENT, timeoutMs: 20_000 });
    let droppedAt: number | undefined;
    const observe = () => {
      const status = client.status();
      h.record(status.revision);
      if (status.state === 'interrupted') droppedAt ??= Date.now();
      else if (status.state === 'valid' && droppedAt !== undefined) {
        reconnectsMs.push(Date.now() - droppedAt);
        droppedAt = undefined;
      }
    };
    client.on('status', observe);
    client.on('change', observe);
    return client;
  });
  const states = await Promise.all(clients.map((c) => c.ready()));
  const notReady = states.filter((s) => s.state !== 'valid').length;
  if (notReady > 0) {
    await Promise.all(clients.map((c) => c.close()));
    throw new Error(`${notReady} of ${count} SDK clients did not get a ruleset`);
  }
  for (const [i, client] of clients.entries()) histories[i]?.record(client.status().revision);
  return {
    clients,
    seen: histories.map((h) => h.seen),
    regressions,
    reconnectsMs,
    close: async () => void (await Promise.all(clients.map((c) => c.close()))),
  };
}

export interface BrowserStreams {
  readonly regressions: Regression[];
  /** Stream connections opened (reconnections included). */
  readonly opened: () => number;
  /** Answers other than 200 text/event-stream, and connections that failed before any answer. */
  readonly failures: string[];
  close(): void;
}

/**
 * `count` readers of `GET /sdk/v1/evaluate/stream` as a browser's EventSource reads it (client key in
 * the query), each reconnecting after 100 ms when its stream ends.
 */
export function browserStreams(url: string, clientKey: string, count: number): BrowserStreams {
  const regressions: Regression[] = [];
  const failures: string[] = [];
  const controller = new AbortController();
  let opened = 0;
  const read = async (i: number) => {
    const h = history(`browser-${i}`, regressions);
    const context = Buffer.from(JSON.stringify({ userId: `browser-${i}` })).toString('base64url');
    while (!controller.signal.aborted) {
      let answered = false;
      try {
        const res = await fetch(`${url}/sdk/v1/evaluate/stream?key=${clientKey}&context=${context}`, {
          signal: controller.signal,
          headers: { accept: 'text/event-stream' },
        });
        opened++;
        answered = true;
        if (res.status !== 200 || res.body === null) {
          failures.push(`evaluate stream answered ${res.status}: ${await res.text()}`);
        } else {
          let buffer = '';
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            buffer += chunk.value;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
              if (data !== undefined) h.record((JSON.parse(data) as { revision?: number }).revision);
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          }
        }
      } catch (err) {
        // A stream cut once open is what a drain does (the reader reconnects); no answer at all is a failure.
        if (!controller.signal.aborted && !answered) failures.push(`evaluate stream: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  for (let i = 0; i < count; i++) void read(i);
  return { regressions, opened: () => opened, failures, close: () => controller.abort() };
}

export interface Ticker {
  readonly ok: () => number;
  readonly failures: string[];
  /** Stops starting requests and waits for those in flight. */
  stop(): Promise<void>;
}

/** Calls `request` every `intervalMs`, without waiting for the previous call (a steady rate). */
export function steadyRate(intervalMs: number, request: () => Promise<string | null>): Ticker {
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let ok = 0;
  const timer = setInterval(() => {
    const call = request()
      .then((failure) => (failure === null ? ok++ : failures.push(failure)))
      .catch((err: Error) => failures.push(`${new Date().toISOString()} ${err} (${String(err.cause)})`))
      .then(() => void inFlight.delete(call));
    inFlight.add(call);
  }, intervalMs);
  return {
    ok: () => ok,
    failures,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

/** An acknowledged admin write: when its answer arrived and the flag version it made. */
export interface Ack {
  at: number;
  version: number;
}

export interface Writer {
  readonly acks: Ack[];
  readonly failures: string[];
  stop(): Promise<void>;
}

/**
 * Ramps `flagPath` (an admin flag path) through 0..100 %, one write every `intervalMs` whether or not
 * the previous one was answered (a slow answer does not slow the rate down).
 */
export function rampWriter(url: string, token: string, flagPath: string, intervalMs: number): Writer {
  const acks: Ack[] = [];
  let writes = 0;
  const ticker = steadyRate(intervalMs, async () => {
    const n = ++writes;
    const res = await fetch(`${url}${flagPath}/rollout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ percentage: n % 101 }),
    });
    const body = await res.text();
    if (res.status !== 200) return `write ${n}: ${res.status} ${body}`;
    acks.push({ at: Date.now(), version: (JSON.parse(body) as Ack).version });
    return null;
  });
  return { acks, failures: ticker.failures, stop: () => ticker.stop() };
}
