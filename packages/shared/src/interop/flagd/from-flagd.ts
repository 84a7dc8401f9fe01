import type { FlagInput, FlagType, Rollout, Rule, Serve } from '../../schema/flag.js';
import type { ImportProblem, Translation } from '../import-result.js';
import { Untranslatable } from '../untranslatable.js';
import { scaleWeights } from '../weights.js';
import { type Condition, type ConditionContext, toCondition, varName } from './jsonlogic-conditions.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ "$ref": "name" }` replaced by the shared evaluator it names, recursively. */
function resolveRefs(logic: unknown, evaluators: Record<string, unknown>, depth = 0): unknown {
  if (depth > 64) throw new Untranslatable('$ref', 'targeting nested more than 64 deep');
  if (Array.isArray(logic)) return logic.map((item) => resolveRefs(item, evaluators, depth + 1));
  if (!isObject(logic)) return logic;
  if (typeof logic.$ref === 'string' && Object.keys(logic).length === 1) {
    if (!Object.hasOwn(evaluators, logic.$ref))
      throw new Untranslatable('$ref', `no evaluator "${logic.$ref}"`);
    return resolveRefs(evaluators[logic.$ref], evaluators, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(logic).map(([k, v]) => [k, resolveRefs(v, evaluators, depth + 1)]),
  );
}

/** Translates one flagd flag; collects the flag's salt, which all its `fractional`s must share. */
class FlagTranslator {
  salt: string;
  constructor(
    readonly key: string,
    private readonly variantName: (value: unknown) => string,
    private readonly ctx: ConditionContext,
  ) {
    this.salt = key;
  }
  private saltSet = false;

  /**
   * flagd's `fractional` as a rollout. Our bucketing is flagd's (murmur3 of the bucketing string,
   * scaled to the total weight), so with weights that scale exactly to 100000 every user lands where
   * flagd puts them. Without a bucketing expression flagd hashes flag key + targetingKey (salt = flag
   * key, bucket by userId); with `{ "cat": [strings or $flagd.flagKey..., { "var": x }] }` or
   * `{ "var": x }` it hashes that string (salt = the prefix, bucket by x).
   */
  fractional(args: unknown[]): Rollout {
    let salt = this.key;
    let bucketBy = 'userId';
    let buckets = args;
    const first = args[0];
    if (!Array.isArray(first)) {
      buckets = args.slice(1);
      const parts = isObject(first) && Array.isArray(first.cat) ? first.cat : [first];
      const attribute = varName(parts[parts.length - 1]);
      if (attribute === undefined)
        throw new Untranslatable('fractional', 'the bucketing expression must end with { "var": attribute }');
      salt = parts
        .slice(0, -1)
        .map((part) => {
          if (typeof part === 'string') return part;
          if (isObject(part) && part.var === '$flagd.flagKey') return this.key;
          throw new Untranslatable(
            'fractional',
            'a bucketing expression joins strings, $flagd.flagKey and one attribute',
          );
        })
        .join('');
      bucketBy = attribute;
    }
    if (this.saltSet && salt !== this.salt)
      throw new Untranslatable(
        'fractional',
        'two fractional splits of one flag hash with different prefixes',
      );
    this.salt = salt;
    this.saltSet = true;
    const entries = buckets.map((bucket) => {
      if (!Array.isArray(bucket) || bucket.length < 1 || bucket.length > 2)
        throw new Untranslatable('fractional', 'each bucket is ["variant", weight]');
      const weight = bucket.length === 2 ? bucket[1] : 1;
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0)
        throw new Untranslatable('fractional', 'weights are whole numbers');
      return { variant: this.variantName(bucket[0]), weight };
    });
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    if (total === 0) throw new Untranslatable('fractional', 'the weights add up to 0');
    const { variants, exact } = scaleWeights(entries);
    if (!exact)
      this.ctx.warn(
        'fractional',
        `weights adding up to ${total} do not scale exactly to 100000: at each boundary up to 1 in 100000 users gets the neighbouring variant`,
      );
    return { ...(bucketBy === 'userId' ? {} : { bucketBy }), variants };
  }

  /** A value `targeting` returns (or an `if` branch): a variant, a rollout, null for the default. */
  outcome(logic: unknown): Serve | null {
    if (logic === null || logic === undefined) return null;
    if (typeof logic === 'string' || typeof logic === 'boolean' || typeof logic === 'number')
      return { variant: this.variantName(logic) };
    if (isObject(logic) && Array.isArray(logic.fractional) && Object.keys(logic).length === 1)
      return { rollout: this.fractional(logic.fractional) };
    throw new Untranslatable('targeting', `${JSON.stringify(logic).slice(0, 80)} does not name a variant`);
  }

  /** `targeting` as ordered rules plus what is served when none matches (null: the default variant). */
  rules(
    logic: unknown,
    guard: Condition = [[]],
  ): { rules: { condition: Condition; serve: Serve | null }[]; rest: Serve | null } {
    if (isObject(logic) && Array.isArray(logic.if) && Object.keys(logic).length === 1) {
      const args = logic.if;
      const rules: { condition: Condition; serve: Serve | null }[] = [];
      for (let i = 0; i + 1 < args.length; i += 2) {
        const condition = andAll(guard, toCondition(args[i], this.ctx));
        const branch = this.rules(args[i + 1], condition);
        rules.push(...branch.rules, { condition, serve: branch.rest });
      }
      const otherwise =
        args.length % 2 === 1 ? this.rules(args[args.length - 1], guard) : { rules: [], rest: null };
      return { rules: [...rules, ...otherwise.rules], rest: otherwise.rest };
    }
    return { rules: [], rest: this.outcome(logic) };
  }
}

function andAll(a: Condition, b: Condition): Condition {
  const out: Condition = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

function flagType(values: unknown[]): FlagType {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => typeof v === 'number')) return 'number';
  return 'json';
}

/** One flagd flag as a Switchyard flag document. Throws Untranslatable for what cannot be translated. */
function translateFlag(
  key: string,
  source: unknown,
  evaluators: Record<string, unknown>,
  ctx: ConditionContext,
): FlagInput {
  if (!isObject(source) || !isObject(source.variants))
    throw new Untranslatable('variants', 'a flagd flag needs a "variants" object');
  const sourceVariants = source.variants;
  const type = flagType(Object.values(sourceVariants));
  // Switchyard's boolean flags have exactly the variants on: true and off: false.
  const names = new Map<string, string>();
  if (type === 'boolean') {
    const entries = Object.entries(sourceVariants);
    if (entries.length !== 2 || new Set(entries.map(([, v]) => v)).size !== 2)
      throw new Untranslatable('variants', 'a boolean flag needs exactly one true and one false variant');
    for (const [name, value] of entries) names.set(name, value === true ? 'on' : 'off');
  } else for (const name of Object.keys(sourceVariants)) names.set(name, name);
  const variantName = (value: unknown): string => {
    const name = names.get(String(value));
    if (name === undefined)
      throw new Untranslatable('variant', `"${String(value)}" is not one of the flag's variants`);
    return name;
  };
  const defaultVariant = source.defaultVariant;
  if (typeof defaultVariant !== 'string' || !names.has(defaultVariant))
    throw new Untranslatable('defaultVariant', 'the default variant must be one of the variants');
  const fallback: Serve = { variant: variantName(defaultVariant) };
  const translator = new FlagTranslator(key, variantName, ctx);
  const targeting =
    isObject(source.targeting) && Object.keys(source.targeting).length > 0 ? source.targeting : null;
  const { rules, rest } = translator.rules(resolveRefs(targeting, evaluators));
  const switchyardRules: Rule[] = [];
  for (const { condition, serve } of rules) {
    for (const clauses of condition) switchyardRules.push({ clauses, serve: serve ?? fallback });
  }
  const variants = Object.fromEntries(
    Object.entries(sourceVariants).map(([name, value]) => [names.get(name) as string, value]),
  ) as FlagInput['variants'];
  return {
    key,
    type,
    variants,
    enabled: source.state !== 'DISABLED',
    offVariant: fallback.variant,
    ...(switchyardRules.length > 0 ? { rules: switchyardRules } : {}),
    fallthrough: rest ?? fallback,
    ...(translator.salt === key ? {} : { salt: translator.salt }),
  };
}

/**
 * A flagd flag definition (`{ "flags": { key: { state, variants, defaultVariant, targeting } },
 * "$evaluators"? }`) as Switchyard flags. Each `if` branch becomes rules in order (an `or` becomes
 * one rule per alternative); `fractional` becomes a rollout that buckets users exactly as flagd
 * does; a disabled flag serves its default variant, as flagd serves the caller's default.
 */
export function fromFlagd(document: unknown): Translation {
  const result: Translation = { flags: [], segments: [], problems: [], warnings: [] };
  if (!isObject(document) || !isObject(document.flags)) {
    result.problems.push({
      flag: '(document)',
      construct: 'flags',
      message: 'a flagd document has a "flags" object',
    });
    return result;
  }
  const evaluators = isObject(document.$evaluators) ? document.$evaluators : {};
  for (const [key, source] of Object.entries(document.flags)) {
    const warnings: ImportProblem[] = [];
    const ctx: ConditionContext = {
      warn: (construct, message) => {
        if (!warnings.some((w) => w.construct === construct && w.message === message))
          warnings.push({ flag: key, construct, message });
      },
    };
    try {
      result.flags.push(translateFlag(key, source, evaluators, ctx));
      result.warnings.push(...warnings);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      result.problems.push({ flag: key, construct: err.construct, message: err.message });
    }
  }
  return result;
}
