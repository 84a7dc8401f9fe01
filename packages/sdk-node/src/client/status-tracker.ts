import type { SwitchyardError } from '../errors.js';
import type { RulesetStore } from '../ruleset/ruleset-store.js';
import type { ClientState, ClientStatus } from './client.js';

/** Holds the client's status and tells when its state, mode or source changed. */
export class StatusTracker {
  state: ClientState = 'initializing';
  mode: 'stream' | 'poll';
  updatedAt: Date | null = null;
  lastError: SwitchyardError | null = null;
  private last = '';

  constructor(
    private readonly store: RulesetStore,
    mode: 'stream' | 'poll',
    private readonly onChange: (status: ClientStatus) => void,
  ) {
    this.mode = mode;
    this.last = this.signature();
  }

  snapshot(): ClientStatus {
    return {
      state: this.state,
      mode: this.mode,
      source: this.store.source,
      revision: this.store.revision,
      updatedAt: this.updatedAt,
      lastError: this.lastError,
    };
  }

  /** Call after any change; emits `status` when state, mode or source differ from last time. */
  changed(): void {
    const signature = this.signature();
    if (signature === this.last) return;
    this.last = signature;
    this.onChange(this.snapshot());
  }

  private signature(): string {
    return `${this.state}/${this.mode}/${this.store.source}`;
  }
}
