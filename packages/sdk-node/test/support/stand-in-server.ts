/**
 * A small flag server speaking the SDK protocol (DESIGN section 6) over real HTTP on 127.0.0.1, for
 * the protocol cases the real server never produces on purpose: malformed events, a stream that
 * falls silent, a server that refuses to stream. Everything else runs against the real server
 * (see flag-server.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  type EventsBatch,
  eventsBatchSchema,
  type Flag,
  type FlagInput,
  flagSchema,
  type Segment,
  type SegmentInput,
  segmentSchema,
} from '@switchyard/shared';

export const STAND_IN_KEY = 'stand-in-server-key';

type Change =
  | { revision: number; kind: 'flag'; key: string; data: Flag | null; version: number }
  | { revision: number; kind: 'segment'; key: string; data: Segment | null; version: number };

export interface StandInOptions {
  heartbeatMs?: number;
  /** Answer the stream with this status instead of streaming (e.g. 404: "no streaming here"). */
  streamStatus?: number;
  /** Send no `put` on a new connection (for a stream that opens and then says nothing). */
  silentStart?: boolean;
}

export interface StandInServer {
  readonly url: string;
  readonly sdkKey: string;
  readonly revision: number;
  /** `Last-Event-ID` of every stream request, in order (undefined: none sent). */
  readonly streamRequests: (string | undefined)[];
  /** Requests to `GET /sdk/v1/ruleset`, with the `If-None-Match` they sent. */
  readonly rulesetRequests: (string | undefined)[];
  /** Every accepted `POST /sdk/v1/events` body. */
  readonly eventBatches: EventsBatch[];
  readonly openStreams: number;
  flag(key: string): Flag | undefined;
  putFlag(flag: FlagInput | Flag): Flag;
  deleteFlag(key: string): void;
  putSegment(segment: SegmentInput): Segment;
  /** Writes raw SSE text to every open stream. */
  sendRaw(text: string): void;
  /** Stops heartbeats (and everything else) on open streams while keeping them open. */
  silence(): void;
  /** The server goes away: open streams are cut and the port stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port, with the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export async function startStandInServer(options: StandInOptions = {}): Promise<StandInServer> {
  const flags = new Map<string, Flag>();
  const segments = new Map<string, Segment>();
  const versions = new Map<string, number>();
  const changes: Change[] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const streamRequests: (string | undefined)[] = [];
  const rulesetRequests: (string | undefined)[] = [];
  const eventBatches: EventsBatch[] = [];
  let revision = 1;
  let silenced = false;
  let port = 0;
  let server: Server;

  const ruleset = () => ({
    revision,
    flags: Object.fromEntries(flags),
    segments: Object.fromEntries(segments),
  });
  const event = (name: string, data: unknown, id: number) =>
    `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const changeEvent = (c: Change) =>
    c.data === null
      ? event('delete', { kind: c.kind, key: c.key, version: c.version }, c.revision)
      : event('patch', { kind: c.kind, data: c.data }, c.revision);
  const broadcast = (text: string) => {
    if (silenced) return;
    for (const res of streams) res.write(text);
  };
  const nextVersion = (id: string) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return version;
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    // The SDK asks for the store epoch (`?epoch=1`); the stand-in, like an older server, sends none.
    const path = req.url?.split('?')[0];
    if (path === '/sdk/v1/stream') streamRequests.push(header(req, 'last-event-id'));
    if (path === '/sdk/v1/ruleset') rulesetRequests.push(header(req, 'if-none-match'));
    if (req.headers.authorization !== `Bearer ${STAND_IN_KEY}`) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"code":"SY_ERR_UNAUTHORIZED"}}');
      return;
    }
    if (req.method === 'GET' && path === '/sdk/v1/stream') {
      stream(req, res);
      return;
    }
    if (req.method === 'GET' && path === '/sdk/v1/ruleset') {
      const tag = `"${revision}"`;
      if (req.headers['if-none-match'] === tag) return void res.writeHead(304, { etag: tag }).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: tag }).end(JSON.stringify(ruleset()));
      return;
    }
    if (req.method === 'POST' && req.url === '/sdk/v1/events') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {}
        const parsed = eventsBatchSchema.safeParse(json);
        if (!parsed.success) return void res.writeHead(400).end();
        eventBatches.push(parsed.data);
        res.writeHead(202).end();
      });
      return;
    }
    res.writeHead(404).end();
  }

  function stream(req: IncomingMessage, res: ServerResponse): void {
    const lastEventId = header(req, 'last-event-id');
    if (options.streamStatus !== undefined) return void res.writeHead(options.streamStatus).end();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.write(':ok\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
    const heartbeat = setInterval(() => {
      if (!silenced) res.write(':\n\n');
    }, options.heartbeatMs ?? 15_000);
    res.on('close', () => clearInterval(heartbeat));
    if (options.silentStart) return;
    const since = lastEventId === undefined ? Number.NaN : Number(lastEventId);
    const oldest = changes[0]?.revision ?? revision + 1;
    if (Number.isInteger(since) && since <= revision && since >= oldest - 1) {
      for (const c of changes) if (c.revision > since) res.write(changeEvent(c));
    } else {
      res.write(event('put', ruleset(), revision));
    }
  }

  async function listen(): Promise<void> {
    server = createServer(handle);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    sdkKey: STAND_IN_KEY,
    get revision() {
      return revision;
    },
    streamRequests,
    rulesetRequests,
    eventBatches,
    get openStreams() {
      return streams.size;
    },
    flag: (key) => flags.get(key),
    putFlag(input) {
      const flag = flagSchema.parse({ ...input, version: nextVersion(`flag:${input.key}`) });
      flags.set(flag.key, flag);
      const change: Change = {
        revision: ++revision,
        kind: 'flag',
        key: flag.key,
        data: flag,
        version: flag.version,
      };
      changes.push(change);
      broadcast(changeEvent(change));
      return flag;
    },
    deleteFlag(key) {
      const held = flags.get(key);
      if (held === undefined) return;
      flags.delete(key);
      const change: Change = { revision: ++revision, kind: 'flag', key, data: null, version: held.version };
      changes.push(change);
      broadcast(changeEvent(change));
    },
    putSegment(input) {
      const segment = segmentSchema.parse({ ...input, version: nextVersion(`segment:${input.key}`) });
      segments.set(segment.key, segment);
      const change: Change = {
        revision: ++revision,
        kind: 'segment',
        key: segment.key,
        data: segment,
        version: segment.version,
      };
      changes.push(change);
      broadcast(changeEvent(change));
      return segment;
    },
    sendRaw(text) {
      for (const res of streams) res.write(text);
    },
    silence() {
      silenced = true;
    },
    stop,
    start: listen,
    close: stop,
  };
}
