import type { Clause } from '../../schema/clause.js';
import { Untranslatable } from '../untranslatable.js';

/** A condition in disjunctive normal form: any of the conjunctions (lists of clauses) matches. */
export type Condition = Clause[][];

export const ALWAYS: Condition = [[]];

/** Conditions beyond this many rules are refused rather than blown up into hundreds of rules. */
export const MAX_RULES = 64;

export interface ConditionContext {
  /** Constructs that translate but serve some users differently than flagd would. */
  warn(construct: string, message: string): void;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ "var": "email" }` as the attribute it reads (`targetingKey` is Switchyard's `userId`). */
export function varName(value: unknown): string | undefined {
  if (!isObject(value) || !('var' in value) || Object.keys(value).length !== 1) return undefined;
  const name = Array.isArray(value.var) ? value.var[0] : value.var;
  if (typeof name !== 'string' || name === '') return undefined;
  if (name.startsWith('$flagd.'))
    throw new Untranslatable('var', `"${name}" (flagd's own properties) has no Switchyard attribute`);
  if (Array.isArray(value.var) && value.var.length > 1)
    throw new Untranslatable('var', `a default value for "${name}" cannot be translated`);
  return name === 'targetingKey' ? 'userId' : name;
}

const isLiteral = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function and(a: Condition, b: Condition): Condition {
  const out: Condition = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  if (out.length > MAX_RULES)
    throw new Untranslatable('and', `more than ${MAX_RULES} rules after expanding "or"`);
  return out;
}

function or(a: Condition, b: Condition): Condition {
  const out = [...a, ...b];
  if (out.length > MAX_RULES) throw new Untranslatable('or', `more than ${MAX_RULES} rules`);
  return out;
}

/** NOT of a DNF condition (De Morgan): NOT(c1 OR c2) = NOT c1 AND NOT c2, NOT(a AND b) = NOT a OR NOT b. */
function not(condition: Condition, ctx: ConditionContext, construct: string): Condition {
  ctx.warn(construct, 'a user without the attribute matches the negation in flagd but never in Switchyard');
  let result: Condition = ALWAYS;
  for (const conjunction of condition) {
    if (conjunction.length === 0) return []; // NOT(always) = never
    result = and(
      result,
      conjunction.map((clause) => [{ ...clause, negate: clause.negate !== true }]),
    );
  }
  return result;
}

const single = (clause: Clause): Condition => [[clause]];

const SEMVER_OPS: Record<string, Clause['op']> = {
  '=': 'semverEq',
  '<': 'semverLt',
  '<=': 'semverLte',
  '>': 'semverGt',
  '>=': 'semverGte',
};
const NUMBER_OPS: Record<string, Clause['op']> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function comparison(op: string, args: unknown[], ctx: ConditionContext): Condition {
  // `{ "<": [1, { "var": "x" }, 10] }`: between.
  if (args.length === 3 && (op === '<' || op === '<=')) {
    return and(comparison(op, [args[0], args[1]], ctx), comparison(op, [args[1], args[2]], ctx));
  }
  const [left, right] = args;
  const leftVar = varName(left);
  const rightVar = varName(right);
  if (leftVar !== undefined && typeof right === 'number')
    return single({ attribute: leftVar, op: NUMBER_OPS[op] as Clause['op'], values: [right] });
  if (rightVar !== undefined && typeof left === 'number')
    return single({
      attribute: rightVar,
      op: NUMBER_OPS[FLIPPED[op] as string] as Clause['op'],
      values: [left],
    });
  throw new Untranslatable(op, `"${op}" is translated between an attribute and a number only`);
}

function equality(op: '==' | '!=', args: unknown[], ctx: ConditionContext): Condition {
  const [left, right] = args;
  const name = varName(left) ?? varName(right);
  const literal = varName(left) !== undefined ? right : left;
  if (name === undefined || !isLiteral(literal))
    throw new Untranslatable(
      op,
      `"${op}" is translated between an attribute and a string, number or boolean`,
    );
  const clause: Clause = { attribute: name, op: 'in', values: [literal] };
  if (typeof literal !== 'string')
    ctx.warn(
      op,
      `flagd's "${op}" converts types ("1" == 1); Switchyard compares ${JSON.stringify(literal)} strictly`,
    );
  return op === '==' ? single(clause) : not(single(clause), ctx, op);
}

function membership(args: unknown[]): Condition {
  const [needle, haystack] = args;
  const name = varName(needle);
  if (name !== undefined && Array.isArray(haystack) && haystack.every(isLiteral))
    return single({ attribute: name, op: 'in', values: haystack });
  const inside = varName(haystack);
  if (inside !== undefined && typeof needle === 'string')
    return single({ attribute: inside, op: 'contains', values: [needle] });
  throw new Untranslatable(
    'in',
    '"in" is translated for an attribute in a list, or a string in an attribute',
  );
}

function affix(op: 'starts_with' | 'ends_with', args: unknown[]): Condition {
  const [subject, affixText] = args;
  const name = varName(subject);
  if (name === undefined || typeof affixText !== 'string')
    throw new Untranslatable(op, `"${op}" is translated between an attribute and a string`);
  return single({
    attribute: name,
    op: op === 'starts_with' ? 'startsWith' : 'endsWith',
    values: [affixText],
  });
}

function semver(args: unknown[], ctx: ConditionContext): Condition {
  const [subject, operator, version] = args;
  const name = varName(subject);
  if (name === undefined || typeof operator !== 'string' || typeof version !== 'string')
    throw new Untranslatable('sem_ver', '"sem_ver" is translated as [attribute, operator, "version"]');
  const plain = version.replace(/^[vV]/, '');
  const known = SEMVER_OPS[operator];
  if (known !== undefined) return single({ attribute: name, op: known, values: [plain] });
  if (operator === '!=')
    return not(single({ attribute: name, op: 'semverEq', values: [plain] }), ctx, 'sem_ver !=');
  const [major = '0', minor = '0'] = plain.split(/[.-]/);
  // flagd: "^" is the same major, "~" the same major and minor.
  if (operator === '^')
    return [
      [
        { attribute: name, op: 'semverGte', values: [`${major}.0.0`] },
        { attribute: name, op: 'semverLt', values: [`${Number(major) + 1}.0.0`] },
      ],
    ];
  if (operator === '~')
    return [
      [
        { attribute: name, op: 'semverGte', values: [`${major}.${minor}.0`] },
        { attribute: name, op: 'semverLt', values: [`${major}.${Number(minor) + 1}.0`] },
      ],
    ];
  throw new Untranslatable('sem_ver', `unknown sem_ver operator "${operator}"`);
}

/** A JSONLogic condition (the first of each `if` pair) as Switchyard clauses in DNF. */
export function toCondition(logic: unknown, ctx: ConditionContext): Condition {
  if (logic === true) return ALWAYS;
  if (logic === false || logic === null) return [];
  if (!isObject(logic) || Object.keys(logic).length !== 1)
    throw new Untranslatable('condition', `${JSON.stringify(logic)} is not a JSONLogic operation`);
  const [op, raw] = Object.entries(logic)[0] as [string, unknown];
  const args = Array.isArray(raw) ? raw : [raw];
  switch (op) {
    case 'and':
      return args.reduce<Condition>((acc, arg) => and(acc, toCondition(arg, ctx)), ALWAYS);
    case 'or':
      return args.reduce<Condition>((acc, arg) => or(acc, toCondition(arg, ctx)), []);
    case '!':
      return not(toCondition(args[0], ctx), ctx, '!');
    case '==':
    case '===':
      return equality('==', args, ctx);
    case '!=':
    case '!==':
      return equality('!=', args, ctx);
    case 'in':
      return membership(args);
    case 'starts_with':
    case 'ends_with':
      return affix(op, args);
    case 'sem_ver':
      return semver(args, ctx);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(op, args, ctx);
    default:
      throw new Untranslatable(op, `the JSONLogic operator "${op}" has no Switchyard clause`);
  }
}
