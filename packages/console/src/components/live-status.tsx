import type { StreamStatus } from '../api/environment-stream.js';

const TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Whether the page follows changes made elsewhere right now. */
export function LiveStatus({ status }: { status: StreamStatus }) {
  return (
    <span className={`live-status ${status}`} role="status" data-testid="live-status">
      <span className="dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
