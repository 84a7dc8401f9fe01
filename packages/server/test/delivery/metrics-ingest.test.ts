import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanFlagAt, type Flag } from '@switchyard/shared';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type DropReason, MetricsIngest } from '../../src/delivery/metrics-ingest.js';
import { createFileStore } from '../../src/store/index.js';
import type { FlagStore } from '../../src/store/types.js';

// The bound on what one environment may hold between flushes: past it, reports are dropped and
// counted, other environments keep reporting, and a flush makes room again.

const flags = new Map<string, Flag>(
  Array.from({ length: 6 }, (_, i) => [`f${i}`, { key: `f${i}`, ...booleanFlagAt(50), version: 1 }]),
);
const batch = [...flags.keys()].flatMap((flag) => [
  { flag, variant: 'on', evaluations: 1, exposures: 0, errors: 0 },
  { flag, variant: 'off', evaluations: 1, exposures: 0, errors: 0 },
]);

let dir: string;
let store: FlagStore;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('metrics ingestion memory', () => {
  it('keeps at most the bound per environment, counting what it drops, until a flush makes room', async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-ingest-'));
    store = await createFileStore({ dir });
    const dropped: [DropReason, number][] = [];
    const ingest = new MetricsIngest(store, Fastify({ logger: false }).log, {
      maxPendingPerEnvironment: 5,
      flushIntervalMs: 3_600_000,
      onDropped: (reason, count) => dropped.push([reason, count]),
    });
    try {
      expect(ingest.add('production', flags, batch)).toEqual({ accepted: 5, dropped: 7 });
      expect(dropped).toEqual([['memory_full', 7]]);
      // Sums already held still add up; another environment has its own room.
      expect(ingest.add('production', flags, batch.slice(0, 1))).toEqual({ accepted: 1, dropped: 0 });
      expect(ingest.add('staging', flags, batch.slice(0, 3))).toEqual({ accepted: 3, dropped: 0 });
      await ingest.flush();
      expect(ingest.add('production', flags, batch.slice(5))).toEqual({ accepted: 5, dropped: 2 });
    } finally {
      await ingest.close();
    }
  });
});
