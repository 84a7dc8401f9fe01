import { ErrorCode } from '@openfeature/core';

/**
 * What a provider tells OpenFeature about itself: `ready` (current values), `stale` (serving the last
 * values while the connection is down), `error` (no values to serve) or `fatal` (the SDK key was
 * refused; it will not recover).
 */
export type ProviderState = 'ready' | 'stale' | 'error' | 'fatal';

export interface ProviderStateReading {
  state: ProviderState | null;
  message?: string;
}

/**
 * Turns a client's status changes into provider events, each state announced once. Nothing is
 * announced until `initialize` settled: OpenFeature announces that outcome itself (READY, or ERROR
 * when `initialize` throws), and a provider event for the same state would repeat it.
 */
export class ProviderStateEvents {
  private announced: ProviderState | null = null;
  private closed = false;

  constructor(
    private readonly read: () => ProviderStateReading,
    private readonly emit: (state: ProviderState, message: string | undefined) => void,
  ) {}

  /** Whether `initialize` settled, so that change events may flow. */
  get live(): boolean {
    return this.announced !== null && !this.closed;
  }

  /**
   * `initialize` settled with `outcome`, which OpenFeature announces when the returned promise settles.
   * A state that differs already (values served from a cache while the server is down) is announced
   * after that, on the next turn of the event loop, so that it is not overwritten by OpenFeature's READY.
   */
  initialized(outcome: ProviderState): void {
    this.announced = outcome;
    setTimeout(() => this.update(), 0);
  }

  /** Announces the client's state if it changed since the last announcement. */
  update(): void {
    if (!this.live) return;
    const { state, message } = this.read();
    if (state === null || state === this.announced) return;
    this.announced = state;
    this.emit(state, message);
  }

  close(): void {
    this.closed = true;
  }
}

/** The OpenFeature event that announces a provider state, named as both SDKs' `ProviderEvents` name it. */
export interface ProviderStateEvent {
  event: 'Ready' | 'Stale' | 'Error';
  details?: { message?: string; errorCode?: ErrorCode };
}

export function providerStateEvent(state: ProviderState, message: string | undefined): ProviderStateEvent {
  switch (state) {
    case 'ready':
      return { event: 'Ready' };
    case 'stale':
      return { event: 'Stale', details: { message } };
    case 'error':
      return { event: 'Error', details: { message } };
    case 'fatal':
      return { event: 'Error', details: { message, errorCode: ErrorCode.PROVIDER_FATAL } };
  }
}
