import type { SseConnection } from './sse.js';

/**
 * Every open SSE connection of one app. A shutting-down instance ends them all once load balancers
 * have taken it out, so clients reconnect to another instance and resume with Last-Event-ID.
 */
export class OpenStreams {
  private readonly connections = new Set<SseConnection>();

  add(connection: SseConnection): void {
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
  }

  get size(): number {
    return this.connections.size;
  }

  /** Ends every stream; returns how many were open. */
  closeAll(): number {
    const count = this.connections.size;
    for (const connection of [...this.connections]) connection.close();
    return count;
  }
}
