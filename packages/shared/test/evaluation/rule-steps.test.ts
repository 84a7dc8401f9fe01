import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allMatch, type CompiledClause, compileClauseList } from '../../src/evaluation/clauses.js';
import { planRuleSteps } from '../../src/evaluation/rule-steps.js';
import { type Clause, createEvaluator, type Rule } from '../../src/index.js';
import { flagWith, ruleset } from './support.js';

const inRule = (attribute: string, values: unknown[], extra: Partial<Clause> = {}): Rule => ({
  clauses: [{ attribute, op: 'in', values: values as Clause['values'], ...extra }],
  serve: { variant: 'on' },
});
const noSegments = () => ({ segment: null });
/** The plan with each rule's clauses compiled, as compileFlag plans it. */
const plan = (rules: Rule[]) =>
  planRuleSteps(
    rules,
    rules.map((r) => compileClauseList(r.clauses, noSegments)),
  );
/** The plan as [first rule or "lookup", attribute]: what the evaluator walks. */
const shape = (rules: Rule[]) =>
  plan(rules).map((s) => (s.lookup === null ? s.index : `lookup ${s.attribute}`));

describe('planRuleSteps', () => {
  it('turns a run of two or more single-`in` rules on one attribute into one lookup', () => {
    expect(shape([inRule('country', ['DE']), inRule('country', ['FR'])])).toEqual(['lookup country']);
    expect(shape([inRule('c', ['DE']), inRule('c', ['FR']), inRule('c', ['US'])])).toEqual(['lookup c']);
  });

  it('gives the evaluator the rule and clauses of a single step, the attribute and map of a lookup step', () => {
    const rules = [inRule('c', ['DE']), inRule('constructor', ['x']), inRule('constructor', ['y'])];
    const clauses = rules.map((r) => compileClauseList(r.clauses, noSegments));
    const runs = planRuleSteps(rules, clauses);
    expect(runs[0]?.clauses).toBe(clauses[0]);
    expect(runs).toEqual([
      { index: 0, clauses: clauses[0], attribute: '', inherited: false, lookup: null },
      {
        index: -1,
        clauses: [] as CompiledClause[],
        attribute: 'constructor',
        inherited: true,
        lookup: new Map([
          ['x', 1],
          ['y', 2],
        ]),
      },
    ]);
  });

  it('keeps a lone `in` rule, and every other kind of rule, as a rule of its own', () => {
    expect(shape([inRule('country', ['DE'])])).toEqual([0]);
    expect(shape([])).toEqual([]);
    expect(
      shape([
        inRule('country', ['DE']),
        inRule('plan', ['pro']),
        inRule('country', ['FR'], { negate: true }),
        inRule('country', ['IT'], { negate: false }),
        { clauses: [{ attribute: 'country', op: 'startsWith', values: ['D'] }], serve: { variant: 'on' } },
        { clauses: [], serve: { variant: 'on' } },
        {
          clauses: [
            { attribute: 'country', op: 'in', values: ['DE'] },
            { attribute: 'country', op: 'in', values: ['DE'] },
          ],
          serve: { variant: 'on' },
        },
        { clauses: [{ op: 'in', values: ['DE'] }], serve: { variant: 'on' } },
        { clauses: [{ op: 'in', values: ['FR'] }], serve: { variant: 'on' } },
      ]),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('splits runs where the attribute or the kind of rule changes', () => {
    expect(
      shape([
        inRule('plan', ['pro']),
        inRule('country', ['DE']),
        inRule('country', ['FR']),
        inRule('plan', ['free']),
        inRule('plan', ['team']),
        inRule('plan', ['x'], { negate: true }),
        inRule('country', ['IT']),
        inRule('country', ['ES'], { negate: false }),
      ]),
    ).toEqual([0, 'lookup country', 'lookup plan', 5, 'lookup country']);
  });

  it('maps each value to the first rule of the run that lists it', () => {
    const [step] = plan([inRule('c', ['DE', 'FR']), inRule('c', ['FR', 'US', 'DE'])]);
    expect([...(step?.lookup ?? [])]).toEqual([
      ['DE', 0],
      ['FR', 0],
      ['US', 1],
    ]);
  });
});

// The lookup plan must answer exactly as testing each rule's clauses in order does.
describe('the lookup plan against rule-by-rule evaluation', () => {
  const value = fc.constantFrom<unknown>('DE', 'FR', 'US', 1, '1', true, false, 0, null, undefined);
  const attribute = fc.constantFrom('country', 'country', 'plan', 'constructor');
  const clause = fc.record({
    attribute,
    op: fc.constantFrom<Clause['op']>('in', 'in', 'in', 'startsWith'),
    values: fc.array(value, { minLength: 1, maxLength: 3 }),
    negate: fc.constantFrom(undefined, false, true),
  });
  const toRule = (clauses: { negate: boolean | undefined }[]): Rule => ({
    clauses: clauses.map((c) => {
      const { negate, ...rest } = c;
      return (negate === undefined ? rest : c) as Clause;
    }),
    serve: { variant: 'on' },
  });
  // Mostly single-`in` rules, so that runs (and values listed by several rules of a run) are common.
  const ruleArb = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(clause.map((c) => ({ ...c, op: 'in' as const }))).map(toRule) },
    { weight: 1, arbitrary: fc.array(clause, { minLength: 1, maxLength: 2 }).map(toRule) },
  );
  const contextValue = fc.oneof(value, fc.array(value, { maxLength: 3 }));
  const context = fc.record(
    { country: contextValue, plan: contextValue, constructor: contextValue },
    { requiredKeys: [] },
  );

  it('gives the first matching rule for every context', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 8 }), context, (rules, ctx) => {
        const compiled = rules.map((r) => compileClauseList(r.clauses, noSegments));
        const expected = compiled.findIndex((clauses) => allMatch(clauses, ctx));
        const { reason } = createEvaluator(ruleset([flagWith({ rules })])).evaluate('f', ctx);
        expect(reason.kind === 'RULE_MATCH' ? reason.ruleIndex : -1).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a name added to Object.prototype (prototype pollution)', () => {
  it('is not read as an attribute of a context without it, by a lookup step or a single rule', () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.pollutedPlan = 'pro';
    try {
      const lookup = flagWith({
        key: 'lookup',
        rules: [inRule('pollutedPlan', ['pro']), inRule('pollutedPlan', ['team'])],
      });
      const single = flagWith({ key: 'single', rules: [inRule('pollutedPlan', ['pro'])] });
      const e = createEvaluator(ruleset([lookup, single]));
      expect(e.evaluate('lookup', 'u-1').reason).toEqual({ kind: 'FALLTHROUGH' });
      expect(e.evaluate('single', 'u-1').reason).toEqual({ kind: 'FALLTHROUGH' });
      // An own attribute of that name still counts.
      expect(e.evaluate('lookup', { pollutedPlan: 'team' }).reason).toEqual({
        kind: 'RULE_MATCH',
        ruleIndex: 1,
      });
      expect(e.evaluate('single', { pollutedPlan: ['x', 'pro'] }).reason).toEqual({
        kind: 'RULE_MATCH',
        ruleIndex: 0,
      });
    } finally {
      delete prototype.pollutedPlan;
    }
  });
});
