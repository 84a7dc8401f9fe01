import type { DeliveredChange, EnvironmentState } from './environment-state.js';
import type { RulesetCache } from './ruleset-cache.js';
import type { SseConnection } from './sse.js';
import { createEventFormatter, formatEvent, type SseMessage } from './sse-message.js';

/** One stream following an environment's ruleset, and where it sits in its environment's list. */
interface Follower {
  readonly connection: SseConnection;
  readonly withEpoch: boolean;
  index: number;
}

/** The SSE message of one change, formatted once for every stream that sends it. */
function changeMessage(change: DeliveredChange): SseMessage {
  return change.data === null
    ? formatEvent('delete', { kind: change.kind, key: change.key, version: change.version }, change.revision)
    : formatEvent('patch', { kind: change.kind, data: change.data }, change.revision);
}

/**
 * The ruleset streams (server SDKs, admin tools) of every environment, as one plain array per
 * environment with one cache listener for it: a change is formatted once and written to every stream
 * in one synchronous loop, with no per-stream listener, closure or formatter lookup.
 */
export class RulesetFanout {
  private readonly byEnvironment = new Map<string, { followers: Follower[]; stop: () => void }>();
  private readonly formatted = createEventFormatter();

  constructor(private readonly cache: RulesetCache) {}

  /** Sends one change to a stream (a replayed one, for a stream resuming with Last-Event-ID). */
  sendChange(connection: SseConnection, change: DeliveredChange): void {
    connection.sendMessage(this.formatted(change, changeMessage));
  }

  /** Sends the whole ruleset as a `put`, with the epoch when the stream asked for it. */
  sendPut(connection: SseConnection, state: EnvironmentState, withEpoch: boolean): void {
    connection.sendMessage(this.putMessage(state, withEpoch));
  }

  /** Sends every later change (and a `put` after a reload) of `environment` to the stream until it closes. */
  follow(environment: string, connection: SseConnection, withEpoch: boolean): void {
    let group = this.byEnvironment.get(environment);
    if (group === undefined) {
      const followers: Follower[] = [];
      const stop = this.cache.listen(environment, (event) => {
        if (event.type === 'change') this.broadcast(followers, this.formatted(event.change, changeMessage));
        else this.reload(followers, event.state);
      });
      group = { followers, stop };
      this.byEnvironment.set(environment, group);
    }
    const { followers } = group;
    const follower: Follower = { connection, withEpoch, index: followers.length };
    followers.push(follower);
    connection.onClose(() => this.unfollow(environment, follower));
  }

  private putMessage(state: EnvironmentState, withEpoch: boolean): SseMessage {
    return this.formatted(state.ruleset(withEpoch), (r) => formatEvent('put', r, state.revision));
  }

  /**
   * Writes one message to every stream. A write may close its own stream (a client too slow to keep
   * up), which then leaves the array at once: the loop runs over a copy so none is skipped or repeated.
   */
  private broadcast(followers: readonly Follower[], message: SseMessage): void {
    const snapshot = followers.slice();
    for (let i = 0; i < snapshot.length; i++) (snapshot[i] as Follower).connection.sendMessage(message);
  }

  private reload(followers: readonly Follower[], state: EnvironmentState): void {
    for (const follower of followers.slice())
      follower.connection.sendMessage(this.putMessage(state, follower.withEpoch));
  }

  /** Takes a closed stream out of its environment's array (swapping the last one into its place). */
  private unfollow(environment: string, follower: Follower): void {
    const group = this.byEnvironment.get(environment);
    if (group === undefined || group.followers[follower.index] !== follower) return;
    const last = group.followers.pop() as Follower;
    if (last !== follower) {
      last.index = follower.index;
      group.followers[follower.index] = last;
    }
    if (group.followers.length === 0) {
      group.stop();
      this.byEnvironment.delete(environment);
    }
  }
}
