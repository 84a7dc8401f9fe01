import {
  createEvaluator,
  type Evaluator,
  type Flag,
  type RulesetResponse,
  type Segment,
} from '@switchyard/shared';
import type { StoreChange } from '../store/types.js';

/** How many recent changes an instance keeps per environment to replay to reconnecting streams. */
export const REPLAY_WINDOW = 1000;

const EMPTY_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

/** A flag of the remote-evaluation answer: its key, the key as JSON, and its result's JSON by outcome. */
interface JsonEntry {
  readonly key: string;
  readonly name: string;
  readonly byOutcome: Map<number, string>;
}

/** A change as streams send it: a deletion carries the last version the document had. */
export type DeliveredChange = StoreChange & { version: number };

/**
 * One environment's ruleset as this instance serves it: documents, a compiled evaluator for remote
 * evaluation, and the last changes for `Last-Event-ID` replay. Changes apply strictly in revision
 * order; the owner reloads the whole state when it sees a gap.
 */
export class EnvironmentState {
  readonly flags = new Map<string, Flag>();
  readonly segments = new Map<string, Segment>();
  readonly evaluator: Evaluator;
  private recent: DeliveredChange[] = [];
  /** JSON of evaluation results by flag and outcome; many contexts share an outcome. */
  private entries: JsonEntry[] | null = null;
  /** The outcomes of the evaluation being answered, by position in `entries`. */
  private outcomes: number[] = [];
  private context: Readonly<Record<string, unknown>> = EMPTY_CONTEXT;
  private snapshot: RulesetResponse | null = null;
  private snapshotWithEpoch: RulesetResponse | null = null;

  constructor(
    readonly environment: string,
    /** The store epoch this state was loaded in (docs/operations.md); undefined before one is known. */
    readonly epoch: string | undefined,
    public revision: number,
    flags: Flag[],
    segments: Segment[],
  ) {
    for (const f of flags) if (!f.archived) this.flags.set(f.key, f);
    for (const s of segments) this.segments.set(s.key, s);
    this.evaluator = createEvaluator({
      flags: Object.fromEntries(this.flags),
      segments: Object.fromEntries(this.segments),
    });
  }

  /** Applies the next change; returns null (and changes nothing) unless it is exactly revision + 1. */
  apply(stored: StoreChange): DeliveredChange | null {
    if (stored.revision !== this.revision + 1) return null;
    // An archived flag leaves SDK rulesets: SDKs hear it as deleted.
    const change: StoreChange =
      stored.kind === 'flag' && stored.data?.archived ? { ...stored, data: null } : stored;
    const previous = change.kind === 'flag' ? this.flags.get(change.key) : this.segments.get(change.key);
    const delivered: DeliveredChange = {
      ...change,
      version: stored.data?.version ?? previous?.version ?? 0,
    };
    if (change.kind === 'flag') {
      if (change.data === null) {
        this.flags.delete(change.key);
        this.evaluator.deleteFlag(change.key);
      } else {
        this.flags.set(change.key, change.data);
        this.evaluator.setFlag(change.data);
      }
    } else if (change.data === null) {
      this.segments.delete(change.key);
      this.evaluator.deleteSegment(change.key);
    } else {
      this.segments.set(change.key, change.data);
      this.evaluator.setSegment(change.data);
    }
    this.revision = change.revision;
    this.snapshot = null;
    this.snapshotWithEpoch = null;
    this.entries = null;
    this.recent.push(delivered);
    if (this.recent.length > REPLAY_WINDOW) this.recent = this.recent.slice(-REPLAY_WINDOW);
    return delivered;
  }

  /** The changes after `revision`, or null when they are no longer all here (send a full ruleset). */
  changesSince(revision: number): DeliveredChange[] | null {
    if (revision === this.revision) return [];
    if (revision > this.revision) return null;
    const first = this.recent[0];
    if (first === undefined || first.revision > revision + 1) return null;
    return this.recent.filter((c) => c.revision > revision);
  }

  /**
   * `POST /sdk/v1/evaluate`'s body for one context, as JSON text. Each flag's result is serialized
   * once per outcome (variant and reason) and reused: a flag has few outcomes and many contexts.
   */
  evaluationJson(context: Readonly<Record<string, unknown>>, withEpoch = false): string {
    const entries = this.jsonEntries();
    this.context = context;
    // Prerequisites decided once for all flags: linear in the ruleset, whatever its graph.
    this.evaluator.sameContext(this.decideAll);
    this.context = EMPTY_CONTEXT;
    let flags = '';
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as JsonEntry;
      const outcome = this.outcomes[i] as number;
      let fragment = entry.byOutcome.get(outcome);
      if (fragment === undefined) {
        fragment = `${entry.name}:${JSON.stringify(this.evaluator.resultOf(entry.key, outcome, null))}`;
        entry.byOutcome.set(outcome, fragment);
      }
      flags = i === 0 ? fragment : `${flags},${fragment}`;
    }
    const epoch = withEpoch && this.epoch !== undefined ? `"epoch":${JSON.stringify(this.epoch)},` : '';
    return `{${epoch}"revision":${this.revision},"flags":{${flags}}}`;
  }

  /** The flags in answer order, each with its JSON fragments by outcome; kept until the next change. */
  private jsonEntries(): readonly JsonEntry[] {
    if (this.entries === null) {
      this.entries = [...this.flags.keys()].map((key) => ({
        key,
        name: JSON.stringify(key),
        byOutcome: new Map(),
      }));
      this.outcomes = new Array<number>(this.entries.length).fill(0);
    }
    return this.entries;
  }

  /** Every flag's outcome for `this.context`, into `this.outcomes` (one function for every request). */
  private readonly decideAll = () => {
    const entries = this.entries as JsonEntry[];
    for (let i = 0; i < entries.length; i++)
      this.outcomes[i] = this.evaluator.outcomeOf((entries[i] as JsonEntry).key, this.context);
  };

  /** The whole ruleset as SDKs receive it, with the epoch for SDKs that ask for it; built once per revision. */
  ruleset(withEpoch = false): RulesetResponse {
    this.snapshot ??= {
      revision: this.revision,
      flags: Object.fromEntries(this.flags),
      segments: Object.fromEntries(this.segments),
    };
    if (!withEpoch || this.epoch === undefined) return this.snapshot;
    this.snapshotWithEpoch ??= { epoch: this.epoch, ...this.snapshot };
    return this.snapshotWithEpoch;
  }

  /** Where this state stands, as payloads carry it. */
  get position(): { epoch: string | undefined; revision: number } {
    return { epoch: this.epoch, revision: this.revision };
  }
}
