import { type FormEvent, useId, useState } from 'react';
import { createAdminApi } from '../api/admin-api.js';
import { useSession } from '../state/session.js';

/** Sign in with an admin token; the server's own message says why a token is refused. */
export function SignInPage() {
  const id = useId();
  const { signIn, endedBecause } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(endedBecause);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError('Enter an admin token.');
      return;
    }
    setBusy(true);
    try {
      await createAdminApi(value).listEnvironments();
      signIn(value);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

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
