import type { AuditEntry } from '@switchyard/shared';
import { useId, useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { CreateFlagDialog } from '../components/create-flag-dialog.js';
import { RelativeTime } from '../components/relative-time.js';
import { describeServing } from '../state/flag-facts.js';
import { searchFlags } from '../state/flag-search.js';
import { useLiveEnvironment, useRuleset } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { useStaleFlags } from '../state/use-stale-flags.js';

/** Every flag of the environment: state, percentage, tags and last change, searchable. */
export function FlagListPage() {
  const id = useId();
  const api = useApi();
  const { env } = useLiveEnvironment();
  const { ready, flags, changes } = useRuleset();
  const [, navigate] = useLocation();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [staleOnly, setStaleOnly] = useState(false);
  const stale = useStaleFlags();

  // The audit log says when each flag last changed; read again whenever something changes.
  const audit = useResource(() => api.audit({ environment: env, limit: 1000 }), [api, env, changes]);
  const lastChange = useMemo(() => {
    const map = new Map<string, AuditEntry>();
    for (const entry of audit.data ?? []) {
      if (entry.resource.kind === 'flag' && !map.has(entry.resource.key)) map.set(entry.resource.key, entry);
    }
    return map;
  }, [audit.data]);

  const all = useMemo(() => Object.values(flags).sort((a, b) => a.key.localeCompare(b.key)), [flags]);
  const shown = searchFlags(all, query).filter((flag) => !staleOnly || stale.has(flag.key));

  return (
    <main>
      <div className="page-header">
        <h1>Flags</h1>
        <Link href={`/${env}/archived`}>Archived flags</Link>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New flag
        </button>
      </div>
      <div className="field search">
        <label htmlFor={`${id}-search`}>Search by key, tag or description</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="field checkbox">
        <input
          id={`${id}-stale`}
          type="checkbox"
          checked={staleOnly}
          onChange={(e) => setStaleOnly(e.target.checked)}
        />
        <label htmlFor={`${id}-stale`}>
          Only stale flags ({stale.size}): launched or no longer evaluated, ready to leave the code
        </label>
      </div>
      {!ready ? (
        <p className="muted">Loading flags…</p>
      ) : shown.length === 0 ? (
        <p className="muted">
          {all.length === 0
            ? 'No flags yet. A flag turns a feature on or off for users without a deploy: your code asks the SDK for it, and you ramp it here. New flag creates one in every environment (off in the others).'
            : staleOnly
              ? 'No stale flags match.'
              : `No flag matches "${query}".`}
        </p>
      ) : (
        <table className="table flag-table phone-cards">
          <caption className="visually-hidden">
            {shown.length} of {all.length} flags in {env}
          </caption>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">State</th>
              <th scope="col">Serving</th>
              <th scope="col">Tags</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((flag) => {
              const entry = lastChange.get(flag.key);
              return (
                <tr key={flag.key} data-testid={`flag-row-${flag.key}`}>
                  <th scope="row">
                    <Link
                      href={`/${env}/flags/${encodeURIComponent(flag.key)}`}
                      className="key"
                      title={flag.key}
                    >
                      {flag.key}
                    </Link>
                    {stale.has(flag.key) && (
                      <span className="badge stale" title={stale.get(flag.key)?.reason}>
                        Stale: {stale.get(flag.key)?.status}
                      </span>
                    )}
                    {flag.managedBy && (
                      <span className="badge neutral" title={`Managed by ${flag.managedBy.file}`}>
                        Managed
                      </span>
                    )}
                    {flag.description && <div className="muted">{flag.description}</div>}
                  </th>
                  <td data-label="State">
                    <span className={`badge ${flag.enabled ? 'on' : 'off'}`}>
                      {flag.enabled ? 'On' : 'Off'}
                    </span>
                  </td>
                  <td data-label="Serving">{describeServing(flag)}</td>
                  <td data-label="Tags">
                    {(flag.tags ?? []).map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td data-label="Last change">
                    v{flag.version}
                    {entry && (
                      <span className="muted">
                        {' '}
                        · <RelativeTime at={entry.at} /> by {entry.actor.name}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <CreateFlagDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => navigate(`/${env}/flags/${encodeURIComponent(key)}`)}
      />
    </main>
  );
}
