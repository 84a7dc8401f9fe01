import type { AuditEntry, FlagMetricsResponse } from '@switchyard/shared';
import { useState } from 'react';
import { actionOf } from '../state/audit-words.js';
import { type ChartMarker, LineChart } from './line-chart.js';

const COLORS = ['#1b7f4b', '#6b7280', '#2563eb', '#b45309', '#7c3aed', '#db2777'];
const VARIANT_COLORS: Record<string, string> = { on: '#1b7f4b', off: '#6b7280' };
/** How the row of evaluations that served the caller's default (variant null) is named. */
const DEFAULT_VALUE = '(default value)';

/** Per variant, one value per minute from `fromMinute` to `toMinute`. */
export function seriesByVariant(
  metrics: FlagMetricsResponse,
  field: 'evaluations' | 'errors',
): Map<string, number[]> {
  const minutes = metrics.toMinute - metrics.fromMinute + 1;
  const byVariant = new Map<string, number[]>();
  for (const point of metrics.series) {
    const name = point.variant ?? DEFAULT_VALUE;
    let values = byVariant.get(name);
    if (values === undefined) {
      values = new Array<number>(minutes).fill(0);
      byVariant.set(name, values);
    }
    const i = point.minute - metrics.fromMinute;
    if (i >= 0 && i < minutes) values[i] = (values[i] ?? 0) + point[field];
  }
  return byVariant;
}

const clock = (minute: number) =>
  new Date(minute * 60_000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** The flag's changes within the charted minutes, as markers. */
export function changeMarkers(metrics: FlagMetricsResponse, audit: readonly AuditEntry[]): ChartMarker[] {
  // Oldest first, as the time axis reads.
  const inOrder = [...audit].sort((a, b) => a.at.localeCompare(b.at));
  return inOrder.flatMap((entry) => {
    const minute = Math.floor(Date.parse(entry.at) / 60_000);
    if (minute < metrics.fromMinute || minute > metrics.toMinute) return [];
    return [
      {
        index: minute - metrics.fromMinute,
        label: `${clock(minute)} ${entry.actor.name} ${actionOf(entry)}`,
      },
    ];
  });
}

/** What each series means, for the legend. */
function seriesMeaning(name: string): string {
  return name === DEFAULT_VALUE
    ? 'the SDK served the default value of the call: the flag was missing, of another type, or the SDK had no flags yet'
    : `users served "${name}"`;
}

interface MetricsChartProps {
  flagKey: string;
  metrics: FlagMetricsResponse | undefined;
  error: string | null;
  /** "60 minutes", "24 hours": the range picked. */
  rangeLabel: string;
  /** The flag's audit entries: those in range become markers on the charts. */
  audit: readonly AuditEntry[];
}

/** Evaluations and recorded errors per variant per minute, as the SDKs reported them. */
export function MetricsChart({ flagKey, metrics, error, rangeLabel, audit }: MetricsChartProps) {
  const [hover, setHover] = useState<number | null>(null);
  if (metrics === undefined) {
    return <p className="muted">{error === null ? 'Loading…' : `Could not load metrics: ${error}`}</p>;
  }
  const minutes = metrics.toMinute - metrics.fromMinute + 1;
  const evaluations = seriesByVariant(metrics, 'evaluations');
  const errors = seriesByVariant(metrics, 'errors');
  const variants = [...evaluations.keys()].sort();
  const colorOf = (name: string) =>
    VARIANT_COLORS[name] ?? COLORS[(variants.indexOf(name) + 2) % COLORS.length] ?? '#000';
  // Summed by the server over the same minutes, with the error rate.
  const totals = new Map(metrics.totals.map((t) => [t.variant ?? DEFAULT_VALUE, t]));
  const markers = changeMarkers(metrics, audit);

  if (variants.length === 0) return <NoMetrics flagKey={flagKey} rangeLabel={rangeLabel} />;
  const at = hover === null ? null : Math.min(hover, minutes - 1);
  const readout =
    at === null
      ? 'Point at a chart, or focus it and use the arrow keys, to read one minute.'
      : `${clock(metrics.fromMinute + at)}: ${variants
          .map((v) => `${v} ${evaluations.get(v)?.[at] ?? 0} evaluations, ${errors.get(v)?.[at] ?? 0} errors`)
          .join(' · ')}`;
  const chart = {
    names: variants,
    colorOf,
    minutes,
    rangeLabel,
    markers,
    hover: at,
    readout,
    onHover: setHover,
  };
  return (
    <div className="metrics">
      <LineChart title="Evaluations" series={evaluations} {...chart} />
      <LineChart title="Errors" series={errors} {...chart} />
      <p className="chart-readout" data-testid="chart-readout">
        {readout}
      </p>
      <ul className="chart-legend" aria-label="Legend">
        {variants.map((variant) => (
          <li key={variant}>
            <span className="swatch" style={{ background: colorOf(variant) }} aria-hidden="true" />
            <strong>{variant}</strong>: {seriesMeaning(variant)}
          </li>
        ))}
        <li>
          <span className="swatch marker-swatch" aria-hidden="true" />
          <strong>Dashed line</strong>: a change to the flag
          {markers.length === 0 ? ' (none in this range)' : `: ${markers.map((m) => m.label).join('; ')}`}
        </li>
        <li>Errors: evaluations in which the SDK recorded an error, whatever it served.</li>
      </ul>
      <table className="table compact" aria-label={`Totals over the last ${rangeLabel}`}>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Evaluations</th>
            <th scope="col">Errors</th>
            <th scope="col">Error rate</th>
          </tr>
        </thead>
        <tbody>
          {variants.map((variant) => {
            const t = totals.get(variant);
            return (
              <tr key={variant}>
                <th scope="row">
                  <span className="swatch" style={{ background: colorOf(variant) }} aria-hidden="true" />
                  {variant}
                </th>
                <td>{t?.evaluations ?? 0}</td>
                <td>{t?.errors ?? 0}</td>
                <td>{t?.errorRate == null ? '—' : `${(t.errorRate * 100).toFixed(2)}%`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The empty state: what the chart shows, and the few lines of SDK code that make data appear. */
function NoMetrics({ flagKey, rangeLabel }: { flagKey: string; rangeLabel: string }) {
  const origin = typeof window === 'undefined' ? 'https://flags.example.com' : window.location.origin;
  return (
    <div className="empty-state" data-testid="metrics-empty">
      <p>
        No evaluations reported in the last {rangeLabel}. This chart shows how often each variant of{' '}
        <code>{flagKey}</code> is served, per minute, as the SDKs report it. Evaluate the flag with an SDK and
        its counts arrive within a flush (10 seconds by default):
      </p>
      <pre data-testid="metrics-snippet">
        <code>{`import { createClient } from '@switchyard/sdk-node';

const flags = createClient({ url: '${origin}', sdkKey: process.env.SWITCHYARD_SDK_KEY });
await flags.ready();
if (flags.isEnabled('${flagKey}', user.id)) {
  // the new code path
}`}</code>
      </pre>
      <p className="muted">
        Browsers: <code>@switchyard/sdk-react</code> with a client key reports the same counts. Create a key
        on the API keys page.
      </p>
    </div>
  );
}
