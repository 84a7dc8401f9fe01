import type { CreatedTrigger, Flag, Trigger, TriggerInput } from '@switchyard/shared';
import { useState } from 'react';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { RelativeTime } from './relative-time.js';

function describeAction(trigger: Pick<Trigger, 'action' | 'percentage'>): string {
  if (trigger.action === 'rollout') return `ramps to ${trigger.percentage}%`;
  return trigger.action === 'disable' ? 'turns the flag off' : 'pauses the rollout plan';
}

/**
 * Alert triggers of the flag: secret URLs an alerting system calls when an alert fires. The URL of
 * a new trigger is shown once, right after it is created; the list never shows URLs.
 */
export function TriggersPanel({ flag }: { flag: Flag }) {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const triggers = useResource(() => api.listTriggers(env, flag.key), [api, env, flag.key]);
  const [action, setAction] = useState<TriggerInput['action']>('disable');
  const [percentage, setPercentage] = useState('0');
  const [created, setCreated] = useState<CreatedTrigger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      triggers.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(async () => {
      const input: TriggerInput =
        action === 'rollout' ? { action, percentage: Number(percentage) } : { action };
      setCreated(await api.createTrigger(env, flag.key, input));
    });

  return (
    <section className="card" aria-labelledby="triggers-heading">
      <h2 id="triggers-heading">Alert triggers</h2>
      <p className="muted">
        A secret URL for Alertmanager, Grafana or any webhook: when an alert fires, it acts on this flag.
      </p>
      {error !== null && <p className="notice error">{error}</p>}
      {triggers.error !== null && <p className="notice error">Could not load triggers: {triggers.error}</p>}
      {created !== null && (
        <div className="notice" role="status">
          <p>New trigger ({describeAction(created)}). Copy its URL now: it is not shown again.</p>
          <code data-testid="trigger-url">{`${window.location.origin}${created.url}`}</code>
        </div>
      )}
      {triggers.data !== undefined && triggers.data.length > 0 && (
        <table className="table compact" aria-label="Alert triggers">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {triggers.data.map((trigger) => (
              <tr key={trigger.id} data-testid="trigger-row">
                <td>{describeAction(trigger)}</td>
                <td>
                  <RelativeTime at={trigger.createdAt} />
                </td>
                <td>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void run(() => api.deleteTrigger(env, flag.key, trigger.id))}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {triggers.data?.length === 0 && <p className="muted">No triggers.</p>}
      <div className="inline-form">
        <label>
          When an alert fires
          <select value={action} onChange={(e) => setAction(e.target.value as TriggerInput['action'])}>
            <option value="disable">turn the flag off</option>
            {flag.type === 'boolean' && <option value="rollout">ramp to a percentage</option>}
            {flag.type === 'boolean' && <option value="pause-plan">pause the rollout plan</option>}
          </select>
        </label>
        {action === 'rollout' && (
          <label>
            Ramp to (%)
            <input inputMode="decimal" value={percentage} onChange={(e) => setPercentage(e.target.value)} />
          </label>
        )}
        <button type="button" disabled={busy} onClick={() => void create()}>
          Create trigger
        </button>
      </div>
    </section>
  );
}
