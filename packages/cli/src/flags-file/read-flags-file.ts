import { readFileSync } from 'node:fs';
import { type FlagsFile, flagsFileSchema, validationProblems } from '@switchyard/shared';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { CliError, EXIT } from '../errors.js';

/** A flags file that cannot be applied: exit code 2, one line per problem with its place in the file. */
function badFile(lines: string[]): CliError {
  return new CliError(lines.join('\n'), EXIT.usage);
}

/**
 * Reads a flags file (YAML, or JSON, which YAML reads too) and validates it with the shared schema.
 * Every problem is reported as `file:line: path: message`, the path being the document field
 * (`flags.0.fallthrough.rollout.variants`) so it can be found in editors and in the API's errors.
 */
export function readFlagsFile(path: string): FlagsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw badFile([`cannot read ${path}: ${reason}`]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw badFile(
      document.errors.map((error) => {
        const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
        return `${path}:${line}: ${error.message.split('\n')[0]}`;
      }),
    );
  }
  const result = flagsFileSchema.safeParse(document.toJS() ?? {});
  if (result.success) return result.data;
  throw badFile(
    validationProblems(result.error).map((problem) => {
      const segments = problem.path === '(root)' ? [] : problem.path.split('.');
      return `${path}:${lineOf(document, lineCounter, segments)}: ${problem.path}: ${problem.message}`;
    }),
  );
}

/** The line of the deepest node of `segments` that exists in the document (line 1 for the root). */
function lineOf(
  document: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  segments: string[],
): number {
  for (let depth = segments.length; depth > 0; depth--) {
    const keys = segments.slice(0, depth).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node = document.getIn(keys, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}
