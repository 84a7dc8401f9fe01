import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flagsFileJsonSchema } from '../../src/index.js';

// docs/flags-file.schema.json is what editors load; it must be what the zod schemas generate.
// After changing a schema: UPDATE_FLAGS_FILE_SCHEMA=1 vitest run packages/shared/test/flags-file
const FILE = fileURLToPath(new URL('../../../../docs/flags-file.schema.json', import.meta.url));

describe('flags file JSON Schema', () => {
  it('is in step with the zod schemas', () => {
    const generated = `${JSON.stringify(flagsFileJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_FLAGS_FILE_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it('describes flags and segments down to clause operators', () => {
    const schema = flagsFileJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['flags', 'segments']);
    const text = JSON.stringify(schema);
    for (const word of ['offVariant', 'fallthrough', 'rollout', 'semverGte', 'inSegment', 'excluded'])
      expect(text).toContain(word);
  });
});
