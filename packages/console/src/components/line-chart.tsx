import type { KeyboardEvent, MouseEvent } from 'react';

const WIDTH = 600;
const HEIGHT = 150;
const PAD = { top: 10, right: 10, bottom: 20, left: 44 };
const PLOT_WIDTH = WIDTH - PAD.left - PAD.right;

/** A change to the flag, drawn as a dashed line at its minute. */
export interface ChartMarker {
  /** Index of the minute in the chart, 0 = the oldest. */
  index: number;
  label: string;
}

export interface LineChartProps {
  title: string;
  /** Per series name, one value per minute. */
  series: Map<string, number[]>;
  names: readonly string[];
  colorOf(name: string): string;
  minutes: number;
  /** How the left end of the time axis reads ("60 min ago"). */
  rangeLabel: string;
  markers: readonly ChartMarker[];
  /** The minute read out under the charts, shared by every chart of the panel. */
  hover: number | null;
  /** That minute's values in words, for assistive technology. */
  readout: string;
  onHover(index: number | null): void;
}

/**
 * A line chart per minute, drawn as SVG. The pointer, or the arrow keys once it has the focus, picks
 * a minute whose values the panel reads out.
 */
export function LineChart(props: LineChartProps) {
  const { title, series, names, colorOf, minutes, rangeLabel, markers, hover, readout, onHover } = props;
  const max = Math.max(1, ...[...series.values()].flat());
  const x = (i: number) => PAD.left + (i / Math.max(1, minutes - 1)) * PLOT_WIDTH;
  const y = (v: number) => PAD.top + (1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const clamp = (i: number) => Math.min(minutes - 1, Math.max(0, i));

  const pointAt = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const vx = ((event.clientX - box.left) / box.width) * WIDTH;
    onHover(clamp(Math.round(((vx - PAD.left) / PLOT_WIDTH) * (minutes - 1))));
  };
  const keys = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    if (step === 0 && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    if (event.key === 'Home') onHover(0);
    else if (event.key === 'End') onHover(minutes - 1);
    else onHover(clamp((hover ?? minutes - 1) + step));
  };

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div
        tabIndex={0}
        role="slider"
        aria-label={`${title}: the minute to read (left and right arrow keys)`}
        aria-valuemin={0}
        aria-valuemax={minutes - 1}
        aria-valuenow={hover ?? minutes - 1}
        aria-valuetext={readout}
        onKeyDown={keys}
        onBlur={() => onHover(null)}
      >
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`${title}, per minute over the last ${rangeLabel}`}
          onMouseMove={pointAt}
          onMouseLeave={() => onHover(null)}
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
            {rangeLabel} ago
          </text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end" className="tick">
            now
          </text>
          {markers.map((marker) => (
            <line
              key={`${marker.index}:${marker.label}`}
              x1={x(marker.index)}
              x2={x(marker.index)}
              y1={PAD.top}
              y2={y(0)}
              className="marker"
              data-testid="change-marker"
            >
              <title>{marker.label}</title>
            </line>
          ))}
          {names.map((name) => {
            const values = series.get(name);
            if (values === undefined) return null;
            return (
              <polyline
                key={name}
                fill="none"
                stroke={colorOf(name)}
                strokeWidth={2}
                points={values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
              />
            );
          })}
          {hover !== null && (
            <line x1={x(hover)} x2={x(hover)} y1={PAD.top} y2={y(0)} className="hover-line" />
          )}
        </svg>
      </div>
    </figure>
  );
}
