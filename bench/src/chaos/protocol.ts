// What the chaos run's orchestrator and its load processes (SDK clients) say to each other over IPC.

/** What a load process is started with (CHAOS_LOAD_CONFIG, JSON). */
export interface LoadConfig {
  /** HAProxy's frontend: every SDK request goes through it. */
  url: string;
  serverKey: string;
  clients: number;
  flagKeys: string[];
  /** Users every client evaluates every flag for, each round. */
  users: string[];
  /** Milliseconds between two evaluation rounds of one client. */
  evaluateEveryMs: number;
}

/** What a load process counts while it runs. */
export interface LoadStats {
  clients: number;
  /** Clients by `status().state`. */
  states: Record<string, number>;
  evaluations: number;
  /** Evaluations that threw (an SDK must never throw from an evaluation). */
  threw: number;
  firstThrow?: string;
  /** HTTP statuses of 500 and up the SDK reported (through its `error` event), 503 apart. */
  serverErrors: Record<string, number>;
  /** 503s the SDK reported: allowed (a store or an instance not ready), counted. */
  unavailable: number;
  /** SDK errors by code (NETWORK, TIMEOUT, HTTP_STATUS...): a fault's footprint. */
  errors: Record<string, number>;
  /** The first few distinct SDK error messages, for the report. */
  errorSamples: string[];
}

/** When every client of a load process served the final ruleset, or how many never did. */
export interface Convergence {
  /** Milliseconds from `since` until the last client of this process served the final ruleset. */
  ms: number | null;
  /** Clients that had not converged when the process gave up waiting. */
  notConverged: number;
  /** One of them: its revision and state, for the report. */
  example?: string;
  /** Each client's milliseconds from `since` until it served the final ruleset (the ones that did). */
  perClientMs: number[];
  /** Clients that were not `valid` (interrupted: reconnecting) when the wait began. */
  notValidAtStart: number;
}

export type ToLoad =
  | { type: 'stats' }
  /** Wait until every client serves `revision` (or later) with the same results as a new client. */
  | { type: 'converge'; revision: number; since: number; timeoutMs: number }
  | { type: 'stop' };

export type FromLoad =
  | { type: 'ready'; stats: LoadStats }
  | { type: 'stats'; stats: LoadStats }
  | { type: 'converged'; convergence: Convergence; stats: LoadStats };
