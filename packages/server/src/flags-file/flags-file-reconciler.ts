import type { FieldProblem, FlagsFile, FlagsFileStatus } from '@switchyard/shared';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import type { FlagService } from '../services/flags.js';
import { LeasedLoop, RUNNER_LEASE } from '../services/leased-loop.js';
import { FLAGS_FILE_ACTOR } from '../services/managed-flags.js';
import type { SegmentService } from '../services/segments.js';
import type { Actor, FlagStore } from '../store/types.js';
import { type DesiredStateReading, readDesiredState } from './read-desired-state.js';
import { driftOf, type ReconcileAction, reconcileActions } from './reconcile-decision.js';

/** Refusals that a later try can get past: a change made meanwhile, a document created meanwhile. */
const RETRIED: ReadonlySet<string> = new Set(['SY_ERR_CONFLICT', 'SY_ERR_ALREADY_EXISTS']);

export interface FlagsFileReconcilerOptions {
  /** The flags file (a ConfigMap's mount, say), and the environment it is the desired state of. */
  path: string;
  environment: string;
  store: FlagStore;
  flags: FlagService;
  segments: SegmentService;
  log: FastifyBaseLogger;
  /** How often the file is read; a change is reconciled within one tick. */
  tickMs: number;
  /** This instance's holder of the runner lease (shared with plans and schedules). */
  holder?: string;
  /** Counts a file that cannot be applied (`invalid`) and a change the server refused (`rejected`). */
  onProblem(kind: 'invalid' | 'rejected'): void;
}

/**
 * Keeps an environment at the state a flags file describes. Every instance reads the file (to answer
 * the status and drift), but only the holder of the runner lease writes, so one instance reconciles
 * each change however many run. A file that does not parse is logged, problem by problem, and counted;
 * the last good one stays in force.
 */
export class FlagsFileReconciler {
  private readonly loop: LeasedLoop;
  private readonly actor: Actor;
  private poller: NodeJS.Timeout | null = null;
  private lastContent: string | null | undefined;
  private lastReading: DesiredStateReading | null = null;
  private good: { contentHash: string; file: FlagsFile } | null = null;
  /** The good content this instance last reconciled fully; a new lease holder starts again. */
  private reconciled: string | null = null;

  constructor(private readonly options: FlagsFileReconcilerOptions) {
    this.actor = { ...FLAGS_FILE_ACTOR, name: `flags file ${options.path}` };
    this.loop = new LeasedLoop({
      ...options,
      lease: RUNNER_LEASE,
      name: 'flags file reconciliation',
      pass: () => this.pass(),
    });
  }

  start(): void {
    this.poller = setInterval(() => void this.refresh().catch(() => {}), this.options.tickMs);
    this.poller.unref();
    this.loop.start();
    void this.loop.tick();
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    await this.loop.stop();
  }

  /** Reconciles now if this instance holds the lease and the file changed since it last did. */
  tick(): Promise<void> {
    return this.loop.tick();
  }

  /** The file as this instance read it last, and the flags whose live state differs from it. */
  async status(): Promise<FlagsFileStatus> {
    const { path, environment, store } = this.options;
    const reading = this.lastReading ?? (await this.refresh());
    const drift = this.good === null ? [] : driftOf(this.good.file, await store.listFlags(environment));
    return {
      file: path,
      environment,
      valid: reading.ok,
      problems: reading.ok ? [] : reading.problems,
      drift,
    };
  }

  /** Reads the file; a new bad content is logged and counted once, a good one becomes the desired state. */
  private async refresh(): Promise<DesiredStateReading> {
    const reading = await readDesiredState(this.options.path);
    this.lastReading = reading;
    if (reading.contentHash === this.lastContent) return reading;
    this.lastContent = reading.contentHash;
    if (reading.ok) this.good = { contentHash: reading.contentHash, file: reading.file };
    else this.reportInvalid(reading.problems);
    return reading;
  }

  private reportInvalid(problems: FieldProblem[]): void {
    const { log, path, onProblem } = this.options;
    for (const problem of problems)
      log.error({ file: path, path: problem.path }, `flags file: ${problem.path}: ${problem.message}`);
    log.error(
      { file: path, problems: problems.length },
      this.good === null
        ? 'flags file cannot be applied; nothing is reconciled until it is fixed'
        : 'flags file cannot be applied; the last good one stays in force',
    );
    onProblem('invalid');
  }

  private async pass(): Promise<void> {
    await this.refresh();
    const good = this.good;
    if (good === null || good.contentHash === this.reconciled) return;
    const { store, environment, log, path } = this.options;
    const [flags, segments] = await Promise.all([
      store.listFlags(environment),
      store.listSegments(environment),
    ]);
    const actions = reconcileActions(good.file, path, { flags, segments });
    let retry = false;
    for (const action of actions) {
      try {
        await this.write(action);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        // A change made meanwhile (409) or a store that failed (5xx) is tried again next tick; a
        // change the server refuses (an unknown segment, a prerequisite cycle) waits for the next file.
        if (RETRIED.has(err.code) || err.status >= 500) retry = true;
        log.error(
          { file: path, environment, flag: action.key, code: err.code, details: err.details },
          `flags file: ${action.kind} "${action.key}" not applied: ${err.message}`,
        );
        this.options.onProblem('rejected');
      }
    }
    if (!retry) this.reconciled = good.contentHash;
    if (actions.length > 0)
      log.info({ file: path, environment, changes: actions.length }, 'flags file reconciled');
  }

  private async write(action: ReconcileAction): Promise<void> {
    const { flags, segments, environment: env } = this.options;
    if (action.kind === 'segment')
      await segments.put(env, action.key, action.document, action.precondition, this.actor);
    else if (action.kind === 'flag')
      await flags.putFromFile(
        env,
        action.key,
        action.document,
        action.managedBy,
        action.precondition,
        this.actor,
      );
    else await flags.retireFromFile(env, action.key, action.precondition, this.actor);
  }
}
