import type { Segment } from '@switchyard/shared';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { ProblemSummary } from '../components/field-problems.js';
import { SegmentForm } from '../components/segment-form.js';
import { WriteNotice } from '../components/write-notice.js';
import { describeClause } from '../state/flag-facts.js';
import { useLiveEnvironment, useLiveSegment, useRuleset } from '../state/live-environment.js';
import { draftToSegment, type SegmentDraft, segmentToDraft } from '../state/segment-draft.js';
import { flagsUsingSegment } from '../state/segment-usage.js';
import { useApi } from '../state/session.js';
import { useWrite } from '../state/use-write.js';

/** One segment, shown live, edited as a draft of the version the user opened. */
export function SegmentPage({ segmentKey }: { segmentKey: string }) {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const { ready, flags } = useRuleset();
  const segment = useLiveSegment(segmentKey);
  const isNew = new URLSearchParams(useSearch()).has('new');
  const [, navigate] = useLocation();
  const write = useWrite();
  const [editing, setEditing] = useState<{
    base: Segment | undefined;
    draft: SegmentDraft;
    submitted: boolean;
  } | null>(null);
  const creating = segment === undefined && isNew && ready;
  const session =
    editing ?? (creating ? { base: undefined, draft: segmentToDraft(undefined), submitted: false } : null);

  const checked = session === null ? null : draftToSegment(segmentKey, session.draft);
  const problems = [
    ...(session?.submitted && checked ? checked.problems : []),
    ...(write.state.status === 'invalid' ? write.state.problems : []),
  ];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (session === null || checked === null) return;
    setEditing({ ...session, submitted: true });
    if (checked.problems.length > 0) return;
    const saved = await write.run(() =>
      api.putSegment(env, segmentKey, checked.input, session.base?.version),
    );
    if (saved !== undefined) {
      store.upsertSegment(saved);
      setEditing(null);
      if (isNew) navigate(`/${env}/segments/${encodeURIComponent(segmentKey)}`, { replace: true });
    }
  };
  const reload = async () => {
    const latest = await write.run(() => api.getSegment(env, segmentKey));
    if (latest !== undefined) {
      store.upsertSegment(latest);
      setEditing(null);
    }
  };

  return (
    <main>
      <p>
        <Link href={`/${env}/segments`}>← Segments</Link>
      </p>
      <div className="page-header">
        <h1>{segmentKey}</h1>
        {segment && <span className="muted">version {segment.version}</span>}
      </div>
      <WriteNotice
        state={write.state}
        what="this segment"
        onReload={() => void reload()}
        onDismiss={write.reset}
      />
      {session !== null ? (
        <form className="card" onSubmit={(e) => void save(e)} noValidate aria-label="Edit segment">
          {segment !== undefined &&
            session.base !== undefined &&
            segment.version !== session.base.version && (
              <p className="notice warning" role="status">
                Changed elsewhere while you were editing: you are editing version {session.base.version}, the
                segment is now at version {segment.version}.
              </p>
            )}
          <SegmentForm
            draft={session.draft}
            problems={problems}
            onChange={(draft) => setEditing({ ...session, draft })}
          />
          <ProblemSummary
            problems={problems}
            source={write.state.status === 'invalid' ? 'The server refused it' : 'Not saved yet'}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={write.state.status === 'busy'}>
              {session.base === undefined ? 'Create segment' : 'Save segment'}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                write.reset();
                if (session.base === undefined) navigate(`/${env}/segments`);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : segment === undefined ? (
        <p className="muted">{ready ? `There is no segment "${segmentKey}" in ${env}.` : 'Loading…'}</p>
      ) : (
        <section className="card">
          <div className="card-header">
            <h2>Members</h2>
            <button
              type="button"
              onClick={() => {
                write.reset();
                setEditing({ base: segment, draft: segmentToDraft(segment), submitted: false });
              }}
            >
              Edit segment
            </button>
          </div>
          {segment.description && <p>{segment.description}</p>}
          <dl className="facts">
            <dt>Included</dt>
            <dd>{segment.included.join(', ') || <span className="muted">nobody</span>}</dd>
            <dt>Excluded</dt>
            <dd>{segment.excluded.join(', ') || <span className="muted">nobody</span>}</dd>
            <dt>Rules</dt>
            <dd>
              {segment.rules.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                <ol>
                  {segment.rules.map((rule, i) => (
                    <li key={rule.id ?? i}>{rule.clauses.map(describeClause).join(' and ') || 'everyone'}</li>
                  ))}
                </ol>
              )}
            </dd>
          </dl>
        </section>
      )}
      {segment !== undefined && session === null && (
        <UsedBy env={env} segmentKey={segmentKey} flags={flags} />
      )}
    </main>
  );
}

/** The flags of this environment whose rules use the segment, with links; what to do when there are none. */
function UsedBy({
  env,
  segmentKey,
  flags,
}: {
  env: string;
  segmentKey: string;
  flags: Parameters<typeof flagsUsingSegment>[0];
}) {
  const uses = flagsUsingSegment(flags, segmentKey);
  return (
    <section className="card" aria-labelledby="used-by-heading">
      <h2 id="used-by-heading">Flags that use it in {env}</h2>
      {uses.length === 0 ? (
        <p className="muted" data-testid="used-by-empty">
          No flag in {env} uses this segment yet. A flag uses a segment in a rule: on the flag's page, Edit
          rules, Add rule, choose "is in segment" and pick {segmentKey}.
        </p>
      ) : (
        <ul className="used-by">
          {uses.map(({ flag, rules }) => (
            <li key={flag.key}>
              <Link href={`/${env}/flags/${encodeURIComponent(flag.key)}`}>{flag.key}</Link>{' '}
              <span className="muted">
                ({rules.length === 1 ? 'rule' : 'rules'} {rules.join(', ')}
                {flag.enabled ? '' : '; the flag is off'})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
