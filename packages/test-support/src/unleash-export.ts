import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './vectors.js';

/** A feature export as Unleash writes it (one environment, every construct the import reads). */
export const UNLEASH_EXPORT_PATH = join(FIXTURES_DIR, 'unleash-export.json');

/** A fresh copy of the export, for a test to send or change. */
export const unleashExport = (): Record<string, unknown> =>
  JSON.parse(readFileSync(UNLEASH_EXPORT_PATH, 'utf8'));
