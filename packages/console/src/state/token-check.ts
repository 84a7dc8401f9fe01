import { type FormEvent, useState } from 'react';
import { createAdminApi } from '../api/admin-api.js';

/**
 * An admin token form's state: the token is tried against the server (listing environments) before
 * `onAccepted` gets it, and the server's own message says why one is refused.
 */
export function useTokenCheck(onAccepted: (token: string) => void, initialError: string | null = null) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(initialError);
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
      setToken('');
      setError(null);
      onAccepted(value);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { token, setToken, error, busy, submit };
}
