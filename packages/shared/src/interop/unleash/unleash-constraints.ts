import { parseDate } from '../../evaluation/dates.js';
import { parseSemver } from '../../evaluation/semver.js';
import type { Clause, Operator } from '../../schema/clause.js';
import { MAX_REGEX_LENGTH } from '../../schema/clause.js';
import { Untranslatable } from '../untranslatable.js';
import type { UnleashConstraint } from './unleash-export.js';

/** Where a translated construct serves some users differently than Unleash would. */
export type Warn = (construct: string, message: string) => void;

const NUMBER_OPS: Record<string, Operator> = {
  NUM_EQ: 'in',
  NUM_GT: 'gt',
  NUM_GTE: 'gte',
  NUM_LT: 'lt',
  NUM_LTE: 'lte',
};
const SEMVER_OPS: Record<string, Operator> = {
  SEMVER_EQ: 'semverEq',
  SEMVER_GT: 'semverGt',
  SEMVER_GTE: 'semverGte',
  SEMVER_LT: 'semverLt',
  SEMVER_LTE: 'semverLte',
};
const STRING_OPS: Record<string, 'startsWith' | 'endsWith' | 'contains'> = {
  STR_STARTS_WITH: 'startsWith',
  STR_ENDS_WITH: 'endsWith',
  STR_CONTAINS: 'contains',
};

/** Unleash drops empty values and trims the rest before comparing. */
const cleanValues = (c: UnleashConstraint) => (c.values ?? []).filter((v) => v !== '').map((v) => v.trim());

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A case-insensitive literal as a pattern: each letter as a class of its two cases. */
function caseless(literal: string): string {
  let out = '';
  for (const ch of literal) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out +=
      lower !== upper && [...lower].length === 1 && [...upper].length === 1
        ? `[${lower}${upper}]`
        : escapeRegex(ch);
  }
  return out;
}

function stringClause(c: UnleashConstraint, op: 'startsWith' | 'endsWith' | 'contains'): Clause {
  const values = cleanValues(c);
  if (c.caseInsensitive !== true) return { attribute: c.contextName, op, values };
  // Our string operators compare exactly; a caseless comparison is a `matches` pattern.
  const patterns = values.map((v) =>
    op === 'startsWith' ? `^${caseless(v)}` : op === 'endsWith' ? `${caseless(v)}$` : caseless(v),
  );
  const tooLong = patterns.find((p) => p.length > MAX_REGEX_LENGTH);
  if (tooLong !== undefined)
    throw new Untranslatable(
      c.operator,
      `a case-insensitive value is too long for a ${MAX_REGEX_LENGTH}-character pattern`,
    );
  return { attribute: c.contextName, op: 'matches', values: patterns };
}

function singleValue(c: UnleashConstraint): string {
  const value = c.value ?? c.values?.[0];
  if (value === undefined)
    throw new Untranslatable(c.operator, `${c.operator} on "${c.contextName}" has no value`);
  return value.trim();
}

/** The clause for one constraint, without `inverted`. */
function baseClause(c: UnleashConstraint, warn: Warn): Clause {
  const attribute = c.contextName;
  if (c.operator === 'IN' || c.operator === 'NOT_IN') {
    const values = cleanValues(c);
    // Unleash's context holds strings; Switchyard's `in` compares types too.
    if (values.some((v) => /^-?\d+(\.\d+)?$/.test(v)))
      warn(
        c.operator,
        `"${attribute}" must be a string in the context to match the numbers listed: Switchyard compares types`,
      );
    return { attribute, op: 'in', values, ...(c.operator === 'NOT_IN' ? { negate: true } : {}) };
  }
  const stringOp = STRING_OPS[c.operator];
  if (stringOp !== undefined) return stringClause(c, stringOp);
  const numberOp = NUMBER_OPS[c.operator];
  if (numberOp !== undefined) {
    const value = Number(singleValue(c));
    if (!Number.isFinite(value)) throw new Untranslatable(c.operator, `"${c.value}" is not a number`);
    warn(
      c.operator,
      `"${attribute}" must be a JSON number in the context: Unleash also compares numeric strings`,
    );
    return { attribute, op: numberOp, values: [value] };
  }
  const semverOp = SEMVER_OPS[c.operator];
  if (semverOp !== undefined) {
    const value = singleValue(c);
    if (parseSemver(value) === null)
      throw new Untranslatable(c.operator, `"${value}" is not a semantic version`);
    return { attribute, op: semverOp, values: [value] };
  }
  if (c.operator === 'DATE_AFTER' || c.operator === 'DATE_BEFORE') {
    const value = singleValue(c);
    if (parseDate(value) === null) throw new Untranslatable(c.operator, `"${value}" is not an ISO-8601 date`);
    warn(
      c.operator,
      `Unleash compares with the time of evaluation when the context has no "${attribute}"; Switchyard compares only a "${attribute}" the application puts in the context`,
    );
    return { attribute, op: c.operator === 'DATE_AFTER' ? 'after' : 'before', values: [value] };
  }
  throw new Untranslatable(
    c.operator,
    `the ${c.operator} operator has no Switchyard equivalent (translated: IN, NOT_IN, STR_*, NUM_*, SEMVER_*, DATE_*)`,
  );
}

/**
 * An Unleash constraint as a clause. `NOT_IN` and `inverted` become `negate`; a user without the
 * attribute matches them in Unleash but never a Switchyard clause, which the warning says.
 */
export function constraintClause(c: UnleashConstraint, warn: Warn): Clause {
  const clause = baseClause(c, warn);
  const negate = (clause.negate === true) !== (c.inverted === true);
  if (negate)
    warn(
      c.inverted === true ? 'inverted' : c.operator,
      `a user without "${c.contextName}" matches this negated constraint in Unleash, not in Switchyard`,
    );
  const { negate: _, ...rest } = clause;
  return negate ? { ...rest, negate: true } : rest;
}
