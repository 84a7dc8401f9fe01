import type { Clause, FieldProblem, Operator } from '@switchyard/shared';

/** How the values of an `in` clause are read: `in` compares strictly, so "5" and 5 differ. */
export type ValueType = 'text' | 'number' | 'boolean';

/** A clause as the form holds it: values are text, one per line. */
export interface ClauseDraft {
  attribute: string;
  op: Operator;
  valuesText: string;
  valueType: ValueType;
  negate: boolean;
}

const NUMERIC_OPS: readonly Operator[] = ['lt', 'lte', 'gt', 'gte'];

export function emptyClause(): ClauseDraft {
  return { attribute: '', op: 'in', valuesText: '', valueType: 'text', negate: false };
}

export function clauseToDraft(clause: Clause): ClauseDraft {
  const first = clause.values[0];
  return {
    attribute: clause.attribute ?? '',
    op: clause.op,
    valuesText: clause.values.map(String).join('\n'),
    valueType: typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'text',
    negate: clause.negate === true,
  };
}

/** Splits a textarea into its non-empty lines, trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The clause a draft stands for. Values are numbers where the operator (or the chosen value type)
 * needs them; text that is not a number stays text so the shared schema names the bad value, and a
 * value that cannot be read as the chosen type is reported at `path`.
 */
export function draftToClause(draft: ClauseDraft, path: string, problems: FieldProblem[]): Clause {
  const values = lines(draft.valuesText).map((token, i): string | number | boolean => {
    if (NUMERIC_OPS.includes(draft.op)) return toNumber(token) ?? token;
    if (draft.op === 'before' || draft.op === 'after') return /^-?\d+$/.test(token) ? Number(token) : token;
    if (draft.op !== 'in' || draft.valueType === 'text') return token;
    if (draft.valueType === 'number') {
      const n = toNumber(token);
      if (n === undefined)
        problems.push({ path: `${path}.values.${i}`, message: `"${token}" is not a number` });
      return n ?? token;
    }
    if (token === 'true' || token === 'false') return token === 'true';
    problems.push({ path: `${path}.values.${i}`, message: `"${token}" is not true or false` });
    return token;
  });
  const clause: Clause = { op: draft.op, values };
  if (draft.op !== 'inSegment' && draft.attribute.trim() !== '') clause.attribute = draft.attribute.trim();
  if (draft.negate) clause.negate = true;
  return clause;
}

function toNumber(token: string): number | undefined {
  const n = Number(token);
  return token !== '' && Number.isFinite(n) ? n : undefined;
}
