import type { EventsBatch } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { createMetricsReporter } from '../../src/client/metrics-reporter.js';

function reporterWith(outcomes: boolean[], maxPairs = 100) {
  const sent: EventsBatch[] = [];
  const reporter = createMetricsReporter({
    send: async (batch) => {
      sent.push(structuredClone(batch));
      return outcomes.shift() ?? false;
    },
    flushIntervalMs: 60_000,
    maxPairs,
  });
  return { reporter, sent };
}

describe('createMetricsReporter', () => {
  it('sends nothing when nothing was counted', async () => {
    const { reporter, sent } = reporterWith([]);
    await reporter.flush();
    expect(sent).toEqual([]);
  });

  it('keeps a batch the server could not take and adds it to the next one', async () => {
    const { reporter, sent } = reporterWith([true, false]);
    reporter.recordEvaluation('a', 'on', 'u-1');
    await reporter.flush();
    reporter.recordEvaluation('a', 'on', 'u-2');
    await reporter.flush();
    await reporter.flush();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.metrics).toEqual([
      expect.objectContaining({ flag: 'a', variant: 'on', evaluations: 2, exposures: 2 }),
    ]);
  });

  it('stays within its bound of flag/variant pairs', async () => {
    const { reporter, sent } = reporterWith([], 2);
    for (const flag of ['a', 'b', 'c', 'd']) reporter.recordEvaluation(flag, null, undefined);
    await reporter.flush();
    expect(sent[0]?.metrics.map((m) => m.flag)).toEqual(['a', 'b']);
  });

  it('drops keys the server would reject the whole batch for', async () => {
    const { reporter, sent } = reporterWith([]);
    reporter.recordEvaluation('not a key', null, undefined);
    reporter.recordError('', null);
    reporter.recordLatency('ok', 'on', 12);
    await reporter.flush();
    expect(sent[0]?.metrics.map((m) => m.flag)).toEqual(['ok']);
  });

  it('sends one batch at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const reporter = createMetricsReporter({
      send: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return false;
      },
      flushIntervalMs: 60_000,
      maxPairs: 10,
    });
    reporter.recordEvaluation('a', null, undefined);
    const first = reporter.flush();
    reporter.recordEvaluation('b', null, undefined);
    await Promise.all([first, reporter.flush()]);
    expect(most).toBe(1);
  });
});
