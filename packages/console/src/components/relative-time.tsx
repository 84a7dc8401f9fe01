const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ at }: { at: string }) {
  const date = new Date(at);
  const elapsed = date.getTime() - Date.now();
  const [unit, ms] = UNITS.find(([, size]) => Math.abs(elapsed) >= size) ?? ['second', 1000];
  const text =
    unit === 'second' && Math.abs(elapsed) < 45_000
      ? 'just now'
      : format.format(Math.round(elapsed / ms), unit);
  return (
    <time dateTime={at} title={date.toLocaleString()}>
      {text}
    </time>
  );
}
