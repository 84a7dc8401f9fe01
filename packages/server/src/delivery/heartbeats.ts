/** What a heartbeat ticker beats: an open stream. */
export interface Beating {
  /** Writes the heartbeat comment; the stream removes itself from its ticker when it closes. */
  heartbeat(): void;
}

/** A ticker beats its streams in this many groups, one group per tick, so a beat is never one long burst. */
const GROUPS = 10;

/**
 * One timer for the heartbeats of every open stream with the same interval, instead of one timer
 * per connection. Streams are spread over GROUPS groups; each tick (every intervalMs / GROUPS) beats
 * one group, so each stream hears a heartbeat every intervalMs and 10,000 streams are beaten a
 * tenth at a time. The timer runs only while streams are open, and never holds the process open.
 */
class HeartbeatTicker {
  private readonly groups: Set<Beating>[] = Array.from({ length: GROUPS }, () => new Set());
  private size = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly onEmpty: () => void,
  ) {}

  add(stream: Beating): () => void {
    // The group beaten just now: its next beat is a whole interval away.
    const group = this.groups[(this.tick + GROUPS - 1) % GROUPS] as Set<Beating>;
    group.add(stream);
    this.size++;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.beat(), Math.max(1, this.intervalMs / GROUPS));
      this.timer.unref();
    }
    return () => {
      if (!group.delete(stream)) return;
      this.size--;
      if (this.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.onEmpty();
      }
    };
  }

  private beat(): void {
    const group = this.groups[this.tick] as Set<Beating>;
    this.tick = (this.tick + 1) % GROUPS;
    for (const stream of group) stream.heartbeat();
  }
}

const tickers = new Map<number, HeartbeatTicker>();

/** Beats `stream` every `intervalMs` on the shared ticker of that interval; returns the function that stops it. */
export function beatEvery(intervalMs: number, stream: Beating): () => void {
  let ticker = tickers.get(intervalMs);
  if (ticker === undefined) {
    ticker = new HeartbeatTicker(intervalMs, () => tickers.delete(intervalMs));
    tickers.set(intervalMs, ticker);
  }
  return ticker.add(stream);
}
