import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The installed version of a dependency of the bench package. */
export function installedVersion(packageName: string): string {
  const manifest = join(BENCH_ROOT, 'node_modules', packageName, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  // Other work on the machine skews every number; the load average at start makes that visible.
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `node ${process.version}, ${cpus().length} × ${cpu}, ${process.platform}/${process.arch}, load ${load}`;
}

export function formatRate(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2)} M/s`;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

/** A plain-text table with right-aligned numeric columns, the way the results are pasted into docs. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
