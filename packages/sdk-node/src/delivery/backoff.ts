import { reconnectDelay } from '@switchyard/shared';

/** The attempts of one connection, so that a stream that came back starts again at `initialMs`. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = reconnectDelay(
      this.attempt++,
      { initialDelayMs: this.initialMs, maxDelayMs: this.maxMs },
      this.random,
    );
    return Math.round(delay);
  }

  reset(): void {
    this.attempt = 0;
  }
}
