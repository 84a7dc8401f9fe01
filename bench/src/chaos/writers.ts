// The chaos run's writers: each owns one boolean flag and ramps, enables/disables and edits it through
// HAProxy, always with If-Match on the version it last saw, so that a write whose answer was lost (an
// instance killed or stopped mid-request) can never land later over a newer acknowledged one.
import { booleanFlagAt, type Flag, percentageOf } from '@switchyard/shared';
import type { Random } from './random.js';

export const ENVIRONMENT = 'production';
const REQUEST_TIMEOUT_MS = 15_000;

/** What a write sets and the history must show at its version. */
export interface FlagState {
  enabled: boolean;
  percentage: number;
  description: string;
}

export interface Ack {
  flag: string;
  version: number;
  state: FlagState;
  at: number;
}

/** Every HTTP status answered (0: no answer: the connection failed or timed out), by status. */
export type StatusCounts = Map<number, number>;

/** What the writers were answered: to their writes, and to their reads of a flag after a failed write. */
export interface WriterCounts {
  writes: StatusCounts;
  reads: StatusCounts;
  /** Acknowledged writes whose answer showed another state than the one asked for. */
  mismatches: string[];
}

export function stateOf(flag: Flag): FlagState {
  return { enabled: flag.enabled, percentage: percentageOf(flag) ?? -1, description: flag.description ?? '' };
}

export const sameState = (a: FlagState, b: FlagState) =>
  a.enabled === b.enabled && a.percentage === b.percentage && a.description === b.description;

/** A flag's path under the admin API's `/api/v1`. */
export function flagPath(key: string): string {
  return `/environments/${ENVIRONMENT}/flags/${key}`;
}

export class Writer {
  readonly acks: Ack[] = [];
  private version = 0;
  private state: FlagState | undefined;
  /** The last answer was not a 2xx: the flag may have moved; read it before the next write. */
  private stale = true;
  private writes = 0;

  constructor(
    readonly key: string,
    private readonly url: string,
    private readonly token: string,
    private readonly random: Random,
    private readonly counts: WriterCounts,
  ) {}

  /** Creates the flag (at 0%) and records that first write. */
  async create(): Promise<void> {
    const state = { enabled: true, percentage: 0, description: 'created' };
    const res = await this.request(this.counts.writes, 'PUT', flagPath(this.key), {
      key: this.key,
      ...booleanFlagAt(0),
      description: state.description,
    });
    if (res.status !== 201) throw new Error(`could not create ${this.key}: ${res.status}`);
    this.acknowledge(res.body as Flag, state);
  }

  /** One write (after reading the flag again if the last one failed); true when it was acknowledged. */
  async step(): Promise<boolean> {
    if (this.stale && !(await this.refresh())) return false;
    const current = this.state as FlagState;
    const n = ++this.writes;
    const choice = this.random.next();
    let path = flagPath(this.key);
    let method = 'POST';
    let body: unknown;
    let state: FlagState;
    if (choice < 0.5) {
      const percentage = this.random.int(0, 1000) / 10;
      path += '/rollout';
      body = { percentage };
      state = { ...current, percentage };
    } else if (choice < 0.75) {
      path += current.enabled ? '/disable' : '/enable';
      state = { ...current, enabled: !current.enabled };
    } else {
      const percentage = this.random.int(0, 100);
      state = { enabled: current.enabled, percentage, description: `edit ${n}` };
      method = 'PUT';
      body = {
        key: this.key,
        ...booleanFlagAt(percentage),
        enabled: state.enabled,
        description: state.description,
      };
    }
    const res = await this.request(this.counts.writes, method, path, body, this.version);
    if (res.status >= 200 && res.status < 300) {
      this.acknowledge(res.body as Flag, state);
      return true;
    }
    this.stale = true;
    return false;
  }

  /** Reads the flag's version and state; false when it could not. */
  async refresh(): Promise<boolean> {
    const res = await this.request(this.counts.reads, 'GET', flagPath(this.key));
    if (res.status !== 200) return false;
    const flag = res.body as Flag;
    this.version = flag.version;
    this.state = stateOf(flag);
    this.stale = false;
    return true;
  }

  private acknowledge(flag: Flag, asked: FlagState): void {
    const state = stateOf(flag);
    if (!sameState(state, asked))
      this.counts.mismatches.push(
        `${this.key} v${flag.version}: asked ${JSON.stringify(asked)}, got ${JSON.stringify(state)}`,
      );
    this.version = flag.version;
    this.state = state;
    this.stale = false;
    this.acks.push({ flag: this.key, version: flag.version, state, at: Date.now() });
  }

  private async request(
    counts: StatusCounts,
    method: string,
    path: string,
    body?: unknown,
    ifMatch?: number,
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
    let status = 0;
    let parsed: unknown;
    try {
      const res = await fetch(`${this.url}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      status = res.status;
      // Not JSON: an error page of HAProxy's own (its status is what counts).
      parsed = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    } catch {
      status = 0;
    }
    counts.set(status, (counts.get(status) ?? 0) + 1);
    return { status, body: parsed };
  }
}
