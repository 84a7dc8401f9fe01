import type { ApiKey } from '@switchyard/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { CreateKeyDialog } from '../components/create-key-dialog.js';
import { RelativeTime } from '../components/relative-time.js';
import { TableHead } from '../components/table-head.js';
import { WriteNotice } from '../components/write-notice.js';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { useWrite } from '../state/use-write.js';

const KIND_NAMES = { admin: 'Admin', server: 'Server', client: 'Client' } as const;

/** API keys of every environment: create one (its secret shown once), see them all, revoke one. */
export function ApiKeysPage() {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const keys = useResource(() => api.listKeys(), [api]);
  const environments = useResource(() => api.listEnvironments(), [api]);
  const revoke = useWrite();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  // Active keys first, newest first.
  const sorted = [...(keys.data ?? [])].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt),
  );

  const confirmRevoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (key === null) return;
    const revoked = await revoke.run(async () => {
      await api.revokeKey(key.id);
      return true;
    });
    if (revoked) keys.reload();
  };

  return (
    <main>
      <div className="page-header">
        <h1>API keys</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Create key…
        </button>
      </div>
      <p className="lead">
        Apps and scripts reach Switchyard with a key: a client key in browsers and mobile apps, a server key
        in back ends, an admin key for tools that change flags. A revoked key stops working at once.
      </p>
      <WriteNotice state={revoke.state} what="the key" onReload={keys.reload} onDismiss={revoke.reset} />
      {keys.error !== null && <p className="notice error">Could not load the keys: {keys.error}</p>}
      {keys.data === undefined ? (
        <p className="muted">Loading keys…</p>
      ) : (
        <table className="table phone-cards" aria-label="API keys">
          <TableHead columns={['Name', 'Kind', 'Environment', 'Created', 'Status']} />
          <tbody>
            {sorted.map((key) => (
              <tr key={key.id} data-testid={`key-${key.name}`}>
                <th scope="row">
                  {key.name}
                  {key.current === true && <span className="badge neutral">this console</span>}
                </th>
                <td data-label="Kind">{KIND_NAMES[key.kind]}</td>
                <td data-label="Environment">{key.environment ?? 'all'}</td>
                <td data-label="Created">
                  <RelativeTime at={key.createdAt} />
                </td>
                <td data-label="Status">
                  {key.revokedAt === null ? (
                    <button type="button" className="danger" onClick={() => setRevoking(key)}>
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  ) : (
                    <span className="badge neutral">
                      revoked <RelativeTime at={key.revokedAt} />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKeyDialog
        open={creating}
        environments={environments.data ?? []}
        env={env}
        onClose={() => setCreating(false)}
        onCreated={keys.reload}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke key "${revoking?.name ?? ''}"?`}
        confirmLabel="Revoke key"
        danger
        onCancel={() => setRevoking(null)}
        onConfirm={() => void confirmRevoke()}
      >
        {revoking?.current === true && (
          <p className="notice error" data-testid="revoke-own-key">
            This is the key this console is signed in with: revoking it signs you out here, and signing in
            again takes another admin key.
          </p>
        )}
        <p>
          Every app and script that uses it is refused from now on
          {revoking?.kind === 'client' ? ': browsers with it get their default values' : ''}. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </main>
  );
}
