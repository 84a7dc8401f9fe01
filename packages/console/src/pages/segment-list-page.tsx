import { KEY_PATTERN } from '@switchyard/shared';
import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { TableHead } from '../components/table-head.js';
import { useLiveEnvironment, useRuleset } from '../state/live-environment.js';

/** The environment's segments: named groups of users that rules refer to. */
export function SegmentListPage() {
  const id = useId();
  const { env } = useLiveEnvironment();
  const { ready, segments } = useRuleset();
  const [, navigate] = useLocation();
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const all = Object.values(segments).sort((a, b) => a.key.localeCompare(b.key));

  const create = (event: FormEvent) => {
    event.preventDefault();
    const value = key.trim();
    if (!KEY_PATTERN.test(value)) {
      setProblem('Use 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');
    } else if (value in segments) {
      setProblem('A segment with this key exists already');
    } else {
      navigate(`/${env}/segments/${encodeURIComponent(value)}?new`);
    }
  };

  return (
    <main>
      <h1>Segments</h1>
      <form className="inline-form" onSubmit={create} noValidate>
        <label htmlFor={`${id}-key`}>New segment key</label>
        <input
          id={`${id}-key`}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : `${id}-problem`}
        />
        <button type="submit">Create segment</button>
      </form>
      {problem !== null && (
        <p id={`${id}-problem`} className="field-problems">
          {problem}
        </p>
      )}
      {!ready ? (
        <p className="muted">Loading segments…</p>
      ) : all.length === 0 ? (
        <p className="muted" data-testid="segments-empty">
          No segments yet. A segment is a named group of users (listed by id, or described by rules, such as
          everyone whose email ends in @example.com) that flags' rules can target by name. Type a key above
          and Create segment to start one.
        </p>
      ) : (
        <table className="table phone-cards">
          <TableHead columns={['Segment', 'Included', 'Excluded', 'Rules', 'Version']} />
          <tbody>
            {all.map((segment) => (
              <tr key={segment.key}>
                <th scope="row">
                  <Link
                    href={`/${env}/segments/${encodeURIComponent(segment.key)}`}
                    className="key"
                    title={segment.key}
                  >
                    {segment.key}
                  </Link>
                  {segment.description && <div className="muted">{segment.description}</div>}
                </th>
                <td data-label="Included">{segment.included.length}</td>
                <td data-label="Excluded">{segment.excluded.length}</td>
                <td data-label="Rules">{segment.rules.length}</td>
                <td data-label="Version">v{segment.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
