import { useFlagsStatus } from '@switchyard/sdk-react';
import type { ReactElement } from 'react';

type State = 'loading' | 'live' | 'offline' | 'unavailable';

const LABELS: Record<State, string> = {
  loading: 'Loading flags…',
  live: 'Flags live',
  offline: 'Offline: last known flags',
  unavailable: 'Flags unavailable: defaults',
};

/** Whether the flags have loaded and are being kept up to date, with the last problem as a tooltip. */
export function FlagsStatusBadge(): ReactElement {
  const { ready, error } = useFlagsStatus();
  const state: State = ready ? (error ? 'offline' : 'live') : error ? 'unavailable' : 'loading';
  return (
    <output
      className={`flags-status ${state}`}
      data-testid="flags-status"
      data-state={state}
      title={error?.message}
    >
      {LABELS[state]}
    </output>
  );
}
