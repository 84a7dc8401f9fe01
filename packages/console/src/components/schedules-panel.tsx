import { type Flag, type Schedule, type ScheduledChange, scheduleInputSchema } from '@switchyard/shared';
import { useEffect, useId, useState } from 'react';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { useWrite } from '../state/use-write.js';
import { RelativeTime } from './relative-time.js';

type Action = ScheduledChange['action'];

const PENDING_REFRESH_MS = 2_000;

export const describeScheduledChange = (change: ScheduledChange): string =>
  change.action === 'rollout'
    ? `Roll out to ${change.percentage}%`
    : change.action === 'enable'
      ? 'Turn on'
      : 'Turn off';

/** `datetime-local` value an hour from now, in the browser's time zone. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Changes at a set time ("ramp to 25% on Monday at 09:00"): the pending ones with Cancel, the
 * finished ones with what became of them, and a form for a new one in the browser's time zone.
 */
export function SchedulesPanel({ flag }: { flag: Flag }) {
  const id = useId();
  const api = useApi();
  const { env } = useLiveEnvironment();
  const write = useWrite();
  const [when, setWhen] = useState(inAnHour);
  const [action, setAction] = useState<Action>(flag.type === 'boolean' ? 'rollout' : 'enable');
  const [percentage, setPercentage] = useState('25');
  const [problem, setProblem] = useState<string | null>(null);
  // A schedule that runs changes the flag's version, so the list follows it. The server marks the
  // schedule done only after that change (so that a crash in between applies it again), and the change
  // can reach this page first: while a change is pending, the list is read again every few seconds.
  const schedules = useResource(() => api.listSchedules(env, flag.key), [api, env, flag.key, flag.version]);
  const pending = schedules.data?.some((schedule) => schedule.state === 'pending') ?? false;
  const reloadSchedules = schedules.reload;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reloadSchedules, PENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, reloadSchedules]);

  const submit = async () => {
    const at = when === '' ? '' : new Date(when).toISOString();
    const change = action === 'rollout' ? { action, percentage: Number(percentage) } : { action };
    const input = scheduleInputSchema.safeParse({ at, change });
    if (!input.success) {
      const issue = input.error.issues[0];
      setProblem(
        issue?.path[0] === 'at' ? 'Pick a date and time.' : `Percentage ${issue?.message ?? 'is not valid'}.`,
      );
      return;
    }
    if (Date.parse(input.data.at) <= Date.now()) {
      setProblem('Pick a time in the future.');
      return;
    }
    setProblem(null);
    if ((await write.run(() => api.createSchedule(env, flag.key, input.data))) !== undefined)
      schedules.reload();
  };
  const cancel = async (schedule: Schedule) => {
    if ((await write.run(() => api.cancelSchedule(env, flag.key, schedule.id))) !== undefined)
      schedules.reload();
  };
  const refused =
    write.state.status === 'failed' || write.state.status === 'invalid' ? write.state.message : null;
  const list = schedules.data ?? [];

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Scheduled changes</h2>
      {schedules.error !== null && (
        <p className="notice error">Could not load the schedule: {schedules.error}</p>
      )}
      {list.length === 0 ? (
        <p className="muted">
          Nothing scheduled. A scheduled change is applied by the server at its time, even when nobody is
          signed in.
        </p>
      ) : (
        <table className="table" data-testid="schedules">
          <caption className="visually-hidden">Scheduled changes of {flag.key}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-testid={`schedule-${s.state}`}>
                <td>
                  {new Date(s.at).toLocaleString()} (<RelativeTime at={s.at} />)
                </td>
                <td>{describeScheduledChange(s.change)}</td>
                <td>
                  {s.state}
                  {s.note && <div className="muted">{s.note}</div>}
                </td>
                <td>
                  {s.state === 'pending' && (
                    <button
                      type="button"
                      disabled={write.state.status === 'busy'}
                      onClick={() => void cancel(s)}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-when`}>When (your time zone)</label>
          <input
            id={`${id}-when`}
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Change</label>
          <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value as Action)}>
            {flag.type === 'boolean' && <option value="rollout">Roll out to a percentage</option>}
            <option value="enable">Turn on</option>
            <option value="disable">Turn off</option>
          </select>
        </div>
        {action === 'rollout' && (
          <div className="field">
            <label htmlFor={`${id}-percentage`}>Percentage</label>
            <input
              id={`${id}-percentage`}
              inputMode="decimal"
              value={percentage}
              onChange={(e) => setPercentage(e.target.value)}
            />
          </div>
        )}
        <button type="submit" disabled={write.state.status === 'busy'}>
          Schedule change
        </button>
        {(problem ?? refused) && (
          <p className="notice error" role="alert">
            {problem ?? refused}
          </p>
        )}
      </form>
    </section>
  );
}
