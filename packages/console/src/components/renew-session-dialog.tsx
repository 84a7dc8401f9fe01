import { useId } from 'react';
import { useSession } from '../state/session.js';
import { useTokenCheck } from '../state/token-check.js';
import { Dialog } from './dialog.js';

/**
 * "Sign in again" over the page when the server refuses the token mid-action (revoked, rotated):
 * the page and the action stay; once signed in, the action is retried.
 */
export function RenewSessionDialog() {
  const id = useId();
  const { renewal, finishRenewal } = useSession();
  const { token, setToken, error, busy, submit } = useTokenCheck(finishRenewal);

  return (
    <Dialog open={renewal !== null} title="Sign in again" onClose={() => finishRenewal(null)}>
      <form onSubmit={(e) => void submit(e)} noValidate className="dialog-body">
        <p>
          The server refused the admin token: {renewal}. Sign in again and what you were doing is retried.
        </p>
        <div className="field">
          <label htmlFor={`${id}-token`}>Admin token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            data-initial-focus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error === null ? undefined : `${id}-error`}
          />
          {error !== null && (
            <p id={`${id}-error`} className="field-problems" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in and retry'}
          </button>
          <button type="button" onClick={() => finishRenewal(null)}>
            Sign out
          </button>
        </div>
      </form>
    </Dialog>
  );
}
