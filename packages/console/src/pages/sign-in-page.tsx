import { useId } from 'react';
import { useSession } from '../state/session.js';
import { useTokenCheck } from '../state/token-check.js';

/** Sign in with an admin token; the server's own message says why a token is refused. */
export function SignInPage() {
  const id = useId();
  const { signIn, endedBecause } = useSession();
  const { token, setToken, error, busy, submit } = useTokenCheck(signIn, endedBecause);

  return (
    <main className="sign-in">
      <h1>Switchyard console</h1>
      <form onSubmit={(e) => void submit(e)} noValidate className="card">
        <div className="field">
          <label htmlFor={`${id}-token`}>Admin token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error === null ? `${id}-hint` : `${id}-error`}
          />
          <p id={`${id}-hint`} className="muted">
            Printed by the server's first start (<code>npm start</code>). It is kept in this tab only.
          </p>
          {error !== null && (
            <p id={`${id}-error`} className="field-problems" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
