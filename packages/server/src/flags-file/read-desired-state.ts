import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type FieldProblem, type FlagsFile, flagsFileSchema, validationProblems } from '@switchyard/shared';
import { LineCounter, parseDocument } from 'yaml';

/** The flags file as read now: its content's hash, and the desired state or why there is none. */
export type DesiredStateReading =
  | { ok: true; contentHash: string; file: FlagsFile }
  | { ok: false; contentHash: string | null; problems: FieldProblem[] };

/**
 * Reads and validates the flags file (YAML, or JSON, which YAML reads too). Reading the path each time
 * follows a Kubernetes ConfigMap mount's symlink swap. Every problem names its place: the line for a
 * YAML error, the document field (`flags.0.fallthrough.rollout.variants`) for a schema one.
 */
export async function readDesiredState(path: string): Promise<DesiredStateReading> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return {
      ok: false,
      contentHash: null,
      problems: [{ path: '(file)', message: `cannot read: ${reason}` }],
    };
  }
  const contentHash = createHash('sha256').update(text).digest('hex');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({
      path: `line ${lineCounter.linePos(error.pos[0]).line}`,
      message: error.message.split('\n')[0] ?? 'YAML error',
    }));
    return { ok: false, contentHash, problems };
  }
  const result = flagsFileSchema.safeParse(document.toJS() ?? {});
  if (!result.success) return { ok: false, contentHash, problems: validationProblems(result.error) };
  return { ok: true, contentHash, file: result.data };
}
