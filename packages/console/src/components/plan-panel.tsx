import type { Flag, Plan, PlanInput } from '@switchyard/shared';
import { useEffect, useRef, useState } from 'react';
import type { PlanAction } from '../api/admin-api.js';
import { useLiveEnvironment } from '../state/live-environment.js';
import { isEnded } from '../state/plan-facts.js';
import { useApi } from '../state/session.js';
import { usePlan } from '../state/use-plan.js';
import { useWrite } from '../state/use-write.js';
import { Dialog } from './dialog.js';
import { PlanForm } from './plan-form.js';
import { PlanStatus } from './plan-status.js';

/**
 * A boolean flag's guarded rollout: a form to start one, or the plan as it is now with its controls.
 * An ended plan (completed, rolled back, aborted) stays on show until a new one replaces it.
 */
export function PlanPanel({ flag }: { flag: Flag }) {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const { plan, error, show, reload } = usePlan(flag);
  const write = useWrite();
  const [replacing, setReplacing] = useState(false);
  const [focus, setFocus] = useState<'status' | 'new-plan' | null>(null);
  const newPlanRef = useRef<HTMLButtonElement>(null);
  const busy = write.state.status === 'busy';

  useEffect(() => {
    if (focus === 'new-plan') newPlanRef.current?.focus();
  }, [focus]);

  const run = async (change: () => Promise<Plan>, then: typeof focus) => {
    const saved = await write.run(change);
    if (saved === undefined) return;
    show(saved);
    setReplacing(false);
    setFocus(then);
  };
  const start = (input: PlanInput) => void run(() => api.startPlan(env, flag.key, input), 'status');
  const act = (action: PlanAction) =>
    void run(() => api.controlPlan(env, flag.key, action), action === 'abort' ? 'new-plan' : null);

  const ended = plan != null && isEnded(plan);
  return (
    <section className="card" aria-labelledby="plan-heading">
      <div className="card-header">
        <h2 id="plan-heading">Guarded rollout</h2>
        {(plan === null || ended) && (
          <button type="button" ref={newPlanRef} onClick={() => setReplacing(true)}>
            Start guarded rollout…
          </button>
        )}
      </div>
      {error !== null && <p className="notice error">Could not load the plan: {error}</p>}
      <PlanWriteNotice write={write} onReload={reload} />
      {plan === undefined ? (
        <p className="muted">Loading…</p>
      ) : plan === null ? (
        <p className="muted">
          Ramp this flag step by step, and roll it back by itself when the new code path fails more often or
          is slower than the old one, as the SDKs report it.
        </p>
      ) : ended ? (
        // An ended plan is history: one line, its details on demand.
        <details className="ended-plan">
          <summary>
            Last plan: {plan.state.replace('_', ' ')} · {plan.lastDecision?.reason ?? ''}
          </summary>
          <PlanStatus plan={plan} environment={env} busy={busy} focusOnMount={false} onAction={act} />
        </details>
      ) : (
        <PlanStatus
          plan={plan}
          environment={env}
          busy={busy}
          focusOnMount={focus === 'status'}
          onAction={act}
        />
      )}
      <Dialog
        open={replacing}
        title={`Start a guarded rollout of ${flag.key}`}
        onClose={() => setReplacing(false)}
      >
        <PlanForm
          flag={flag}
          busy={busy}
          serverProblems={write.state.status === 'invalid' ? write.state.problems : []}
          onCancel={() => setReplacing(false)}
          onStart={start}
        />
      </Dialog>
    </section>
  );
}

/** A plan write the server refused: plans have no versions, so a conflict names the plan's state. */
function PlanWriteNotice({ write, onReload }: { write: ReturnType<typeof useWrite>; onReload(): void }) {
  const { state } = write;
  if (state.status !== 'conflict' && state.status !== 'failed' && state.status !== 'invalid') return null;
  return (
    <div className="notice error" role="alert">
      <p>
        <strong>Not done:</strong> {state.message}
      </p>
      <button
        type="button"
        onClick={() => {
          write.reset();
          if (state.status === 'conflict') onReload();
        }}
      >
        {state.status === 'conflict' ? 'Reload the plan' : 'Dismiss'}
      </button>
    </div>
  );
}
