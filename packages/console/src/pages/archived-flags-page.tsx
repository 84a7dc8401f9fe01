import { Link } from 'wouter';
import { useLiveEnvironment, useRuleset } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { useWrite } from '../state/use-write.js';

/** Archived flags of the environment, apart from the live ones, each with Unarchive. */
export function ArchivedFlagsPage() {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const { changes } = useRuleset();
  const write = useWrite();
  const archived = useResource(() => api.archivedFlags(env), [api, env, changes]);

  const unarchive = async (key: string, version: number) => {
    const flag = await write.run(() => api.setArchived(env, key, false, version));
    if (flag !== undefined) {
      store.upsertFlag(flag);
      archived.reload();
    }
  };
  const refused =
    write.state.status === 'failed' || write.state.status === 'conflict' ? write.state.message : null;

  return (
    <main>
      <p>
        <Link href={`/${env}/flags`}>← Flags</Link>
      </p>
      <h1>Archived flags</h1>
      <p className="lead">
        Archived flags are out of every SDK ruleset; their history and audit are kept. Unarchive one to serve
        it again exactly as it was.
      </p>
      {refused && (
        <p className="notice error" role="alert">
          {refused}
        </p>
      )}
      {archived.error !== null && (
        <p className="notice error">Could not load archived flags: {archived.error}</p>
      )}
      {archived.data === undefined ? (
        <p className="muted">Loading…</p>
      ) : archived.data.length === 0 ? (
        <p className="muted">
          No archived flags in {env}. Archive a flag from its page once the code no longer uses it.
        </p>
      ) : (
        <ul className="archived-list">
          {archived.data.map((flag) => (
            <li key={flag.key} data-testid={`archived-${flag.key}`}>
              <strong>{flag.key}</strong> <span className="muted">version {flag.version}</span>
              {flag.description && <div className="muted">{flag.description}</div>}
              <button
                type="button"
                disabled={write.state.status === 'busy'}
                onClick={() => void unarchive(flag.key, flag.version)}
              >
                Unarchive {flag.key}
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
