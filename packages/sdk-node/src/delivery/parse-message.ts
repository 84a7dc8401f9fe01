import { SwitchyardError } from '../errors.js';

/** The part of a zod schema this needs; the shared package's schemas fit it without a zod import here. */
export interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/**
 * Parses JSON from the server with one of the shared schemas. Anything that does not pass is a
 * MALFORMED_DATA error naming the first problem; nothing is ever cast from JSON.
 */
export function parseMessage<T>(schema: Schema<T>, text: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SwitchyardError('MALFORMED_DATA', `${what} is not JSON`, { cause: err });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new SwitchyardError(
      'MALFORMED_DATA',
      `${what} is malformed${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** The environment revision an SSE `id:` carries, if it is one. */
export function revisionOf(id: string | undefined): number | undefined {
  return id !== undefined && /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}
