import type { AuditEntry } from '@switchyard/shared';
import { useEffect, useState } from 'react';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useResource } from '../state/use-resource.js';
import { MetricsChart } from './metrics-chart.js';

const REFRESH_MS = 15_000;
/** The ranges offered, in minutes, with how they read. */
export const METRICS_RANGES = [
  { minutes: 60, label: '60 minutes' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1_440, label: '24 hours' },
  { minutes: 10_080, label: '7 days' },
] as const;

/** The flag's evaluations over a range the user picks, refreshed on a timer, with its changes marked. */
export function MetricsPanel({ flagKey, audit }: { flagKey: string; audit: readonly AuditEntry[] }) {
  const api = useApi();
  const { env } = useLiveEnvironment();
  const [range, setRange] = useState<(typeof METRICS_RANGES)[number]>(METRICS_RANGES[0]);
  const metrics = useResource(
    () => api.flagMetrics(env, flagKey, range.minutes),
    [api, env, flagKey, range.minutes],
  );
  // While another range loads, the last one's data would be drawn under the new range's name.
  const data = metrics.data;
  const current =
    data !== undefined && data.toMinute - data.fromMinute + 1 === range.minutes ? data : undefined;
  const { reload } = metrics;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section className="card" aria-labelledby="metrics-heading">
      <div className="card-header">
        <h2 id="metrics-heading">Evaluations, last {range.label}</h2>
        <fieldset className="range-picker">
          <legend className="visually-hidden">Range</legend>
          {METRICS_RANGES.map((r) => (
            <button
              key={r.minutes}
              type="button"
              aria-pressed={r.minutes === range.minutes}
              onClick={() => setRange(r)}
            >
              <span className="visually-hidden">Last </span>
              {r.label}
            </button>
          ))}
        </fieldset>
      </div>
      <MetricsChart
        flagKey={flagKey}
        metrics={current}
        error={metrics.error}
        rangeLabel={range.label}
        audit={audit}
      />
    </section>
  );
}
