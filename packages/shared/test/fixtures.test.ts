import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './vectors.js';

// The repository sits next to the project's shared folder; CI lays a copy of it there too.
const upstream = resolve(FIXTURES_DIR, '../../../../../shared/vectors');

describe('vector fixtures', () => {
  it.each(['bucketing.json', 'evaluation.json'])('%s is an exact copy of ../shared/vectors', (name) => {
    if (!existsSync(upstream)) {
      console.warn(`../shared/vectors not found at ${upstream}; the fixture copy is used as is`);
      return;
    }
    expect(readFileSync(join(FIXTURES_DIR, name), 'utf8')).toBe(readFileSync(join(upstream, name), 'utf8'));
  });
});
