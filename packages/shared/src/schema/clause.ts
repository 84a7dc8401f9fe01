import { z } from 'zod';
import { parseDate } from '../evaluation/dates.js';
import { compileLinearRegex } from '../evaluation/linear-regex.js';
import { parseSemver } from '../evaluation/semver.js';
import { attributeNameSchema, keySchema } from './keys.js';

export const OPERATORS = [
  'in',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'lt',
  'lte',
  'gt',
  'gte',
  'before',
  'after',
  'semverEq',
  'semverLt',
  'semverLte',
  'semverGt',
  'semverGte',
  'inSegment',
] as const;

export const operatorSchema = z.enum(OPERATORS);
export type Operator = z.infer<typeof operatorSchema>;

/** The longest pattern a `matches` clause may hold, to keep rules readable and regexes cheap. */
export const MAX_REGEX_LENGTH = 1024;

const primitiveSchema = z.union([z.string(), z.number(), z.boolean()]);

/** What each operator needs of every one of its values, or `null` for a value that fits. */
function valueProblem(op: Operator, value: unknown): string | null {
  switch (op) {
    case 'in':
      return null;
    case 'startsWith':
    case 'endsWith':
    case 'contains':
      return typeof value === 'string' ? null : `"${op}" needs string values`;
    case 'matches': {
      if (typeof value !== 'string') return '"matches" needs string values';
      if (value.length > MAX_REGEX_LENGTH) return `regex is longer than ${MAX_REGEX_LENGTH} characters`;
      const compiled = compileLinearRegex(value);
      return 'problem' in compiled ? compiled.problem : null;
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return typeof value === 'number' && Number.isFinite(value) ? null : `"${op}" needs finite numbers`;
    case 'before':
    case 'after':
      return parseDate(value) === null ? `"${op}" needs epoch milliseconds or ISO-8601 dates` : null;
    case 'semverEq':
    case 'semverLt':
    case 'semverLte':
    case 'semverGt':
    case 'semverGte':
      return parseSemver(value) === null ? `"${op}" needs semantic versions such as "2.3.0"` : null;
    case 'inSegment':
      return keySchema.safeParse(value).success ? null : '"inSegment" needs segment keys';
  }
}

export const clauseSchema = z
  .strictObject({
    attribute: attributeNameSchema.optional(),
    op: operatorSchema,
    values: z.array(primitiveSchema).min(1, 'needs at least one value'),
    negate: z.boolean().optional(),
  })
  .superRefine((clause, ctx) => {
    if (clause.op !== 'inSegment' && clause.attribute === undefined) {
      ctx.addIssue({ code: 'custom', path: ['attribute'], message: `"${clause.op}" needs an attribute` });
    }
    clause.values.forEach((value, i) => {
      const problem = valueProblem(clause.op, value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['values', i], message: problem });
    });
  });

export type Clause = z.infer<typeof clauseSchema>;
