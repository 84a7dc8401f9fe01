import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import {
  type Context,
  contextSchema,
  type EvaluatedFlags,
  type EventsBatch,
  evaluateRequestSchema,
  eventsBatchSchema,
} from '@switchyard/shared';

type JsonValue = EvaluatedFlags[string]['value'];

/** Decides what a context sees, as the real server's evaluation would. */
export type Evaluator = (context: Context) => EvaluatedFlags;

/** A served value, as the server would send it. */
export const served = (value: JsonValue, variant = JSON.stringify(value)): EvaluatedFlags[string] => ({
  value,
  variant,
  reason: { kind: 'FALLTHROUGH' },
});

/**
 * An in-process HTTP server speaking the client side of the SDK protocol (evaluate, evaluate stream,
 * events) over real sockets on 127.0.0.1, with knobs to change flags, break the stream and go away.
 */
export interface FakeFlagServer {
  readonly url: string;
  readonly clientKey: string;
  /** The context of every `POST /sdk/v1/evaluate`, in order. */
  readonly evaluations: Context[];
  /** The context of every stream opened, in order. */
  readonly streams: Context[];
  /** Streams open right now. */
  openStreams(): number;
  /** Every events batch received, each already checked against the shared schema. */
  readonly batches: EventsBatch[];
  /** Changes what contexts see; each open stream gets `patch` and `delete` events for its changes. */
  setFlags(evaluate: Evaluator): void;
  /** Writes an event as is to every open stream. */
  sendRaw(event: string, data: string): void;
  /** Cuts every open stream, as a proxy timeout or network change would. */
  dropStreams(): void;
  /**
   * Holds answers back until the returned function is called: an evaluate answer is computed on
   * arrival (so it can come back stale), a stream opens with the values of the moment it is released.
   */
  hold(): () => void;
  /** Stops listening and cuts every connection: the server is unreachable. */
  goDown(): Promise<void>;
  /** Listens again on the same port. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

interface OpenStream {
  res: ServerResponse;
  context: Context;
  sent: EvaluatedFlags;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body);
}

export async function startFakeFlagServer(initial: Evaluator = () => ({})): Promise<FakeFlagServer> {
  const clientKey = 'client-key-1';
  let evaluate = initial;
  let revision = 1;
  let gate: Promise<void> = Promise.resolve();
  const sockets = new Set<Socket>();
  const open = new Set<OpenStream>();
  const evaluations: Context[] = [];
  const streams: Context[] = [];
  const batches: EventsBatch[] = [];

  const event = (res: ServerResponse, name: string, data: unknown) =>
    res.write(`event: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const bearer = req.headers.authorization === `Bearer ${clientKey}`;
    if (req.method === 'POST' && url.pathname === '/sdk/v1/evaluate') {
      if (!bearer) return json(res, 401, { error: { code: 'SY_ERR_UNAUTHORIZED' } });
      const { context } = evaluateRequestSchema.parse(await readJson(req));
      evaluations.push(context);
      const body = { revision, flags: evaluate(context) };
      await gate;
      return json(res, 200, body);
    }
    if (req.method === 'GET' && url.pathname === '/sdk/v1/evaluate/stream') {
      if (url.searchParams.get('key') !== clientKey) return json(res, 401, {});
      const raw = Buffer.from(url.searchParams.get('context') ?? '', 'base64url').toString('utf8');
      const context = contextSchema.parse(JSON.parse(raw));
      streams.push(context);
      await gate;
      const stream: OpenStream = { res, context, sent: evaluate(context) };
      const put = { revision, flags: stream.sent };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      event(res, 'put', put);
      open.add(stream);
      req.on('close', () => open.delete(stream));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/sdk/v1/events') {
      if (!bearer) return json(res, 401, {});
      batches.push(eventsBatchSchema.parse(await readJson(req)));
      return json(res, 202, {});
    }
    json(res, 404, {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 400, { error: { code: 'SY_ERR_VALIDATION' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      cutAll();
    });

  await listen(0);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    clientKey,
    evaluations,
    streams,
    batches,
    openStreams: () => open.size,
    setFlags(next) {
      evaluate = next;
      revision++;
      for (const stream of open) {
        const flags = evaluate(stream.context);
        const changed = Object.entries(flags).filter(
          ([key, result]) => !isDeepStrictEqual(stream.sent[key], result),
        );
        const gone = Object.keys(stream.sent).filter((key) => !Object.hasOwn(flags, key));
        if (changed.length > 0) event(stream.res, 'patch', { revision, flags: Object.fromEntries(changed) });
        if (gone.length > 0) event(stream.res, 'delete', { keys: gone });
        stream.sent = flags;
      }
    },
    sendRaw(name, data) {
      for (const stream of open) event(stream.res, name, data);
    },
    dropStreams() {
      for (const stream of open) stream.res.destroy();
      open.clear();
    },
    hold() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => release();
    },
    goDown: stop,
    comeBack: () => listen(port),
    close: stop,
  };
}
