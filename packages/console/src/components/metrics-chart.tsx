import type { FlagMetricsResponse } from '@switchyard/shared';

const WIDTH = 600;
const HEIGHT = 140;
const PAD = { top: 10, right: 10, bottom: 20, left: 44 };
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

function colorOf(variant: string, index: number): string {
  return VARIANT_COLORS[variant] ?? COLORS[(index + 2) % COLORS.length] ?? '#000';
}

interface LineChartProps {
  title: string;
  series: Map<string, number[]>;
  minutes: number;
  variants: readonly string[];
}

/** A small line chart per minute, drawn as SVG: no chart library for two lines. */
function LineChart({ title, series, minutes, variants }: LineChartProps) {
  const max = Math.max(1, ...[...series.values()].flat());
  const x = (i: number) => PAD.left + (i / Math.max(1, minutes - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}, per minute over the last ${minutes} minutes`}
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max)} y2={y(max)} className="grid" />
        <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" className="tick">
          {max}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" className="tick">
          0
        </text>
        <text x={PAD.left} y={HEIGHT - 4} className="tick">
          {minutes} min ago
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end" className="tick">
          now
        </text>
        {variants.map((variant, index) => {
          const values = series.get(variant);
          if (values === undefined) return null;
          return (
            <polyline
              key={variant}
              fill="none"
              stroke={colorOf(variant, index)}
              strokeWidth={2}
              points={values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
            />
          );
        })}
      </svg>
    </figure>
  );
}

interface MetricsChartProps {
  metrics: FlagMetricsResponse | undefined;
  error: string | null;
}

/** Evaluations and recorded errors per variant per minute, as the SDKs reported them. */
export function MetricsChart({ metrics, error }: MetricsChartProps) {
  if (metrics === undefined) {
    return <p className="muted">{error === null ? 'Loading…' : `Could not load metrics: ${error}`}</p>;
  }
  const minutes = metrics.toMinute - metrics.fromMinute + 1;
  const evaluations = seriesByVariant(metrics, 'evaluations');
  const errors = seriesByVariant(metrics, 'errors');
  const variants = [...evaluations.keys()].sort();
  // Summed by the server over the same minutes, with the error rate.
  const totals = new Map(metrics.totals.map((t) => [t.variant ?? DEFAULT_VALUE, t]));

  if (variants.length === 0) {
    return <p className="muted">No evaluations reported by SDKs in the last {minutes} minutes.</p>;
  }
  return (
    <div className="metrics">
      <LineChart title="Evaluations" series={evaluations} minutes={minutes} variants={variants} />
      <LineChart title="Errors" series={errors} minutes={minutes} variants={variants} />
      <table className="table compact" aria-label={`Totals over the last ${minutes} minutes`}>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Evaluations</th>
            <th scope="col">Errors</th>
            <th scope="col">Error rate</th>
          </tr>
        </thead>
        <tbody>
          {variants.map((variant, index) => {
            const t = totals.get(variant);
            return (
              <tr key={variant}>
                <th scope="row">
                  <span
                    className="swatch"
                    style={{ background: colorOf(variant, index) }}
                    aria-hidden="true"
                  />
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
