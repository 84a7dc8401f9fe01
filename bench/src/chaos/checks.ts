// The invariants a chaos run must keep, judged from what it recorded (run.ts).
import type { ChaosRun } from './run.js';
import { type StatusCounts, sameState } from './writers.js';

export interface Check {
  name: string;
  ok: boolean;
  /** Figures, and what broke when it did. */
  detail: string;
}

/** Statuses of 500 and more other than 503 (a store or an instance not ready, which clients retry). */
function serverErrors(counts: StatusCounts): string[] {
  return [...counts]
    .filter(([status]) => status >= 500 && status !== 503)
    .map(([status, n]) => `${n}× ${status}`);
}

export function checkRun(run: ChaosRun): Check[] {
  const lost: string[] = [];
  const wrongFinal: string[] = [];
  let checked = 0;
  let beyondHistory = 0;
  for (const [flag, acks] of Object.entries(run.acks)) {
    const stored = run.stored[flag];
    if (stored === undefined) {
      lost.push(`${flag}: not found at the end`);
      continue;
    }
    const oldestKept = Math.min(...Object.keys(stored.history).map(Number));
    for (const ack of acks) {
      if (ack.version < oldestKept) {
        beyondHistory++;
        continue;
      }
      checked++;
      const kept = stored.history[ack.version];
      if (kept === undefined || !sameState(kept, ack.state))
        lost.push(
          `${flag} v${ack.version}: acknowledged ${JSON.stringify(ack.state)}, history ${JSON.stringify(kept ?? null)}`,
        );
    }
    const last = acks.at(-1);
    if (
      last === undefined ||
      stored.current.version !== last.version ||
      !sameState(stored.current.state, last.state)
    )
      wrongFinal.push(
        `${flag}: last acknowledged ${JSON.stringify(last)}, now ${JSON.stringify(stored.current)}`,
      );
  }

  const notConverged = run.convergence.reduce((n, c) => n + c.notConverged, 0);
  const convergenceMs = run.convergence.every((c) => c.ms !== null)
    ? Math.max(...run.convergence.map((c) => c.ms as number))
    : null;
  const threw = run.load.reduce((n, s) => n + s.threw, 0);
  const evaluations = run.load.reduce((n, s) => n + s.evaluations, 0);
  const sdkErrors = run.load.flatMap((s) =>
    Object.entries(s.serverErrors).map(([status, n]) => `${n}× ${status} (SDK)`),
  );
  const fivexx = [
    ...serverErrors(run.counts.writes),
    ...serverErrors(run.counts.reads).map((e) => `${e} (read)`),
    ...sdkErrors,
  ];
  const within = run.options.convergeWithinMs;

  return [
    {
      name: 'every acknowledged write is in the history',
      ok: lost.length === 0,
      detail:
        `${checked} acknowledged writes found in their flag's history` +
        (beyondHistory > 0
          ? ` (${beyondHistory} older ones beyond the 1,000 versions kept per flag, not checkable)`
          : '') +
        (lost.length > 0 ? `; MISSING ${lost.length}: ${lost.slice(0, 5).join('; ')}` : ''),
    },
    {
      name: "every flag's final state is its last acknowledged write",
      ok: wrongFinal.length === 0 && run.counts.mismatches.length === 0,
      detail:
        wrongFinal.length === 0 && run.counts.mismatches.length === 0
          ? `${Object.keys(run.acks).length} flags`
          : [...wrongFinal, ...run.counts.mismatches].slice(0, 5).join('; '),
    },
    {
      name: `every SDK client converges within ${within / 1000} s`,
      ok: notConverged === 0 && convergenceMs !== null && convergenceMs <= within,
      detail:
        convergenceMs !== null
          ? `all ${run.options.clients} clients served revision ${run.finalRevision} ${convergenceMs} ms after the last write`
          : `${notConverged} clients had not converged: ${run.convergence.find((c) => c.example)?.example}`,
    },
    {
      name: 'no evaluation threw',
      ok: threw === 0,
      detail: `${evaluations} evaluations, ${threw} threw${threw > 0 ? `: ${run.load.find((s) => s.firstThrow)?.firstThrow}` : ''}`,
    },
    {
      name: 'no instance exited by itself',
      ok: run.crashes.length === 0,
      detail:
        run.crashes.length === 0
          ? 'none'
          : run.crashes
              .map(
                (c) =>
                  `${c.instance} (pid ${c.pid}) exited ${c.exitCode} at ${c.at} ms:\n${c.output.slice(-2_000)}`,
              )
              .join('\n'),
    },
    {
      name: 'no 5xx other than 503',
      ok: fivexx.length === 0,
      detail: fivexx.length === 0 ? 'none' : fivexx.join(', '),
    },
  ];
}
