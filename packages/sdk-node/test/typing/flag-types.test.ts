/**
 * Typed flag keys are a compile-time feature, so these tests compile small programs with the
 * TypeScript compiler and read its diagnostics. The programs live in strings, not files: a module
 * augmentation in a file of this repository would retype the client for every other test.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const PACKAGE_ROOT = join(import.meta.dirname, '../..');
const ENTRY = join(PACKAGE_ROOT, 'test/typing/__program.ts');

/** Compiles `source` as a module inside this package; returns each error as "line: message". */
function typeErrors(source: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@switchyard/source'],
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (file === ENTRY ? source : readFile(file));
  host.fileExists = (file) => file === ENTRY || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language) =>
    file === ENTRY ? ts.createSourceFile(file, source, language) : getSourceFile(file, language);
  const program = ts.createProgram([ENTRY], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === ENTRY)
    .map((d) => {
      const line = d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line ?? -1;
      return `${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
}

const header = `import { createClient, createTestClient } from '../../src/index.js';\n`;

describe('typed flag keys', () => {
  it('accepts any key and types values by their default when FlagTypes is not augmented', () => {
    const errors = typeErrors(`${header}
const flags = createTestClient();
const price: string = flags.variation('pricing', 'u-1', '$10');
const limit: number = flags.variation('limit', { userId: 'u-1' }, 5);
const on: boolean = flags.isEnabled('anything-at-all', 'u-1');
const wrong: number = flags.variation('pricing', 'u-1', '$10');
export { price, limit, on, wrong };
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^7: Type 'string' is not assignable to type 'number'/);
  });

  it('checks keys, value types and isEnabled against an augmented FlagTypes', () => {
    // Exactly as the README says, through the package name.
    const errors = typeErrors(`import { createClient } from '@switchyard/sdk-node';
declare module '@switchyard/sdk-node' {
  interface FlagTypes {
    'new-checkout': boolean;
    pricing: string;
    theme: { color: string };
  }
}
const flags = createClient({ url: 'http://127.0.0.1:1', sdkKey: 'k' });
const ok1: boolean = flags.isEnabled('new-checkout', 'u-1');
const ok2: string = flags.variation('pricing', 'u-1', '$10');
const ok3: { color: string } = flags.evaluate('theme', 'u-1', { color: 'blue' }).value;
flags.isEnabled('new-chekout', 'u-1');
flags.isEnabled('pricing', 'u-1');
flags.variation('pricing', 'u-1', 10);
flags.recordError('no-such-flag', 'u-1');
export { ok1, ok2, ok3 };
`);
    expect(errors.map((e) => e.split(':')[0])).toEqual(['13', '14', '15', '16']);
    expect(errors[0]).toMatch(/"new-chekout"/);
    expect(errors[2]).toMatch(/'number' is not assignable to parameter of type 'string'/);
  });

  it('types one client with an explicit flag map, leaving others untyped', () => {
    const errors = typeErrors(`${header}
interface Flags { 'new-checkout': boolean }
const typed = createTestClient<Flags>();
const untyped = createTestClient();
typed.isEnabled('new-checkout', 'u-1');
typed.isEnabled('other', 'u-1');
untyped.isEnabled('other', 'u-1');
typed.set('new-checkout', true);
`);
    expect(errors.map((e) => e.split(':')[0])).toEqual(['7']);
  });
});
