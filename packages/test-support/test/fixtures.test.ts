import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../src/vectors.js';

// The repository sits next to the project's shared folder; CI lays a copy of it there too.
const repository = resolve(FIXTURES_DIR, '../../..');
const upstream = resolve(repository, '../shared/vectors');
/** Set to 1 to test a checkout without the shared folder against its own fixture copy. */
const SKIP = 'SWITCHYARD_SKIP_SHARED_CHECK';

describe('vector fixtures', () => {
  it.each(['bucketing.json', 'evaluation.json'])('%s is an exact copy of ../shared/vectors', (name) => {
    if (!existsSync(upstream)) {
      if (process.env[SKIP] === '1') return;
      expect.fail(
        `../shared/vectors not found at ${upstream}: the fixtures cannot be checked against the contract. ` +
          `Put the shared folder there, or set ${SKIP}=1 to test against the fixture copy as it is.`,
      );
    }
    expect(readFileSync(join(FIXTURES_DIR, name), 'utf8')).toBe(readFileSync(join(upstream, name), 'utf8'));
  });
});
