import { isRecord } from '../schema/is-record.js';

/** One field that differs between two documents, at a dotted path (`rules.0.serve.variant`). */
export interface FieldDiff {
  path: string;
  /** The value now; absent when the field is not set. */
  before?: unknown;
  /** The value wanted; absent when the field goes away. */
  after?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields that differ between `before` and `after`, as narrowly as the documents allow: objects and
 * arrays of one length are followed into; a list that grew or shrank is one difference. Object key
 * order does not count.
 */
export function documentDiff(before: unknown, after: unknown, path = ''): FieldDiff[] {
  if (isRecord(before) && isRecord(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return names.flatMap((name) => {
      const inner = path === '' ? name : `${path}.${name}`;
      if (!(name in after)) return [{ path: inner, before: before[name] }];
      if (!(name in before)) return [{ path: inner, after: after[name] }];
      return documentDiff(before[name], after[name], inner);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) =>
      documentDiff(item, after[i], path === '' ? String(i) : `${path}.${i}`),
    );
  }
  if (same(before, after)) return [];
  return [{ path: path || '(document)', before, after }];
}
