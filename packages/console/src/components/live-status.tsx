import type { StreamStatus } from '../api/environment-stream.js';

const TEXT: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Not live: reconnecting…',
};

const TITLE: Record<StreamStatus, string> = {
  connecting: 'Opening the change stream',
  live: 'Changes made elsewhere show up by themselves',
  reconnecting: 'The change stream ended: changes made elsewhere do not show up until it reconnects',
};

/** Whether the page follows changes made elsewhere right now; off (grey) as soon as the stream ends. */
export function LiveStatus({ status }: { status: StreamStatus }) {
  return (
    <span className={`live-status ${status}`} role="status" data-testid="live-status" title={TITLE[status]}>
      <span className="dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
