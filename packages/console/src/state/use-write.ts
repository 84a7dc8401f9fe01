import type { FieldProblem } from '@switchyard/shared';
import { useCallback, useState } from 'react';
import { ApiRequestError } from '../api/http.js';
import { useSession } from './session.js';

export type WriteState =
  | { status: 'idle' }
  | { status: 'busy' }
  /** 409: someone changed the document since the user saw it; nothing was written. */
  | { status: 'conflict'; currentVersion: number | null; message: string }
  /** 400: the server refused the document; `problems` name the fields. */
  | { status: 'invalid'; problems: FieldProblem[]; message: string }
  | { status: 'failed'; message: string };

export interface Write {
  state: WriteState;
  /** Runs one write; resolves to its result, or undefined when it was refused (see `state`). */
  run<T>(write: () => Promise<T>): Promise<T | undefined>;
  reset(): void;
}

/** The state of one kind of write on a page: busy, conflict, invalid or failed, for the UI to show. */
export function useWrite(): Write {
  const { renew } = useSession();
  const [state, setState] = useState<WriteState>({ status: 'idle' });

  const run = useCallback(
    async <T>(write: () => Promise<T>): Promise<T | undefined> => {
      for (;;) {
        setState({ status: 'busy' });
        try {
          const result = await write();
          setState({ status: 'idle' });
          return result;
        } catch (err) {
          // A refused token asks for a new one and retries the action, instead of dropping it.
          if (err instanceof ApiRequestError && err.status === 401 && (await renew(err.message))) continue;
          setState(stateOf(err));
          return undefined;
        }
      }
    },
    [renew],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset };
}

function stateOf(err: unknown): WriteState {
  if (!(err instanceof ApiRequestError)) {
    return { status: 'failed', message: `Could not reach the server: ${(err as Error).message}` };
  }
  if (err.isConflict) return { status: 'conflict', currentVersion: err.currentVersion, message: err.message };
  if (err.status === 400) return { status: 'invalid', problems: err.problems, message: err.message };
  return { status: 'failed', message: err.message };
}
