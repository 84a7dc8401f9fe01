import type { Flag } from '@switchyard/shared';
import { useId, useState } from 'react';
import { useChangeReview } from '../state/change-review.js';
import { copiedTargeting } from '../state/flag-copy.js';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { useWrite } from '../state/use-write.js';
import { WriteNotice } from './write-notice.js';

/**
 * "Copy targeting to …": promotes this flag's targets, rules, default and off variant to the same flag
 * in another environment, through the same review as any change there (reviewed when it is critical).
 */
export function CopyTargeting({ flag }: { flag: Flag }) {
  const id = useId();
  const api = useApi();
  const { env, environment } = useLiveEnvironment();
  const review = useChangeReview();
  const write = useWrite();
  const [problem, setProblem] = useState<string | null>(null);
  const environments = useResource(() => api.listEnvironments(), [api]);
  const others = (environments.data ?? []).filter((e) => e.key !== env);
  const [chosen, setChosen] = useState<string | null>(null);
  const target = others.find((e) => e.key === chosen) ?? others[0];
  if (target === undefined) return null;

  const copy = async () => {
    setProblem(null);
    write.reset();
    const current = await write.run(() => api.getFlag(target.key, flag.key));
    if (current === undefined) return;
    const copied = copiedTargeting(flag, current);
    if ('problem' in copied) {
      setProblem(copied.problem);
      return;
    }
    await review.submit({
      title: `Copy targeting of ${flag.key} from ${environment.name} to ${target.name}`,
      before: current,
      after: copied.after,
      environment: target,
      apply: (reason) =>
        write.run(() => api.putFlag(target.key, flag.key, copied.after, current.version, reason)),
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Copy targeting</h2>
      <p className="muted">
        Copies the targets, rules, "Everyone else" and the "when off" variant of this flag in{' '}
        {environment.name} to the same flag in another environment. Whether it is on there, its description
        and prerequisites stay as they are.
      </p>
      <div className="inline-form">
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} value={target.key} onChange={(e) => setChosen(e.target.value)}>
          {others.map((e) => (
            <option key={e.key} value={e.key}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      {problem !== null && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      <WriteNotice
        state={write.state}
        what={`${flag.key} in ${target.name}`}
        onReload={write.reset}
        onDismiss={write.reset}
      />
      <div className="form-actions">
        <button type="button" disabled={write.state.status === 'busy'} onClick={() => void copy()}>
          Copy targeting to {target.name}…
        </button>
      </div>
    </section>
  );
}
