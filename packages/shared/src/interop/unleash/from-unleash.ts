import { KEY_PATTERN } from '../../naming/key-pattern.js';
import type { Clause } from '../../schema/clause.js';
import type { FlagInput, Prerequisite, Rule, Serve } from '../../schema/flag.js';
import type { SegmentInput } from '../../schema/segment.js';
import type { ImportProblem, Reassignment, Translation } from '../import-result.js';
import { Untranslatable } from '../untranslatable.js';
import { REASSIGNMENT_SAMPLE, reassignedShare } from './unleash-bucketing.js';
import { constraintClause, type Warn } from './unleash-constraints.js';
import type { UnleashExport, UnleashSegment, UnleashStrategy } from './unleash-export.js';
import { orderPlans, planStrategy, type StrategyPlan } from './unleash-strategies.js';
import { variantSpace } from './unleash-variants.js';

type Feature = UnleashExport['features'][number];

/** An Unleash segment name as a segment key: other characters become "-". */
function segmentKeys(segments: readonly UnleashSegment[]): Map<number, string> {
  const keys = new Map<number, string>();
  const taken = new Set<string>();
  for (const s of segments) {
    let key = s.name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 100);
    if (!KEY_PATTERN.test(key) || taken.has(key)) key = `${key || 'segment'}-${s.id}`.replace(/^-/, '');
    taken.add(key);
    keys.set(s.id, key);
  }
  return keys;
}

/** Reads the document once: strategies per flag in order, segments by id, tags, dependencies. */
class UnleashIndex {
  readonly strategies = new Map<string, UnleashStrategy[]>();
  readonly segments = new Map<number, UnleashSegment>();
  readonly segmentKeys: Map<number, string>;
  private readonly strategySegments = new Map<string, number[]>();
  constructor(readonly doc: UnleashExport) {
    const ordered = doc.featureStrategies
      .map((s, i) => ({ s, i }))
      .sort((a, b) => (a.s.sortOrder ?? 0) - (b.s.sortOrder ?? 0) || a.i - b.i);
    for (const { s } of ordered) {
      if (s.disabled === true) continue;
      const list = this.strategies.get(s.featureName) ?? [];
      list.push(s);
      this.strategies.set(s.featureName, list);
    }
    for (const s of doc.segments) this.segments.set(s.id, s);
    this.segmentKeys = segmentKeys(doc.segments);
    for (const link of doc.featureStrategySegments ?? []) {
      const list = this.strategySegments.get(link.featureStrategyId) ?? [];
      list.push(link.segmentId);
      this.strategySegments.set(link.featureStrategyId, list);
    }
  }
  segmentsOf(strategy: UnleashStrategy): number[] {
    return [
      ...(strategy.segments ?? []),
      ...(strategy.id ? (this.strategySegments.get(strategy.id) ?? []) : []),
    ];
  }
  environment(name: string) {
    return this.doc.featureEnvironments?.find((e) => e.featureName === name);
  }
  hasVariants(name: string): boolean {
    const feature = this.doc.features.find((f) => f.name === name);
    return (this.environment(name)?.variants ?? feature?.variants ?? []).length > 0;
  }
}

/** An Unleash segment as a Switchyard segment: its constraints as one rule. */
function translateSegment(segment: UnleashSegment, key: string, warn: Warn): SegmentInput {
  if (segment.constraints === undefined)
    throw new Untranslatable(
      `segment "${segment.name}"`,
      "the export names the segment but not its constraints: add them to the document's segments (from Unleash's GET /api/admin/segments)",
    );
  const clauses = segment.constraints.map((c) => {
    try {
      return constraintClause(c, warn);
    } catch (err) {
      if (err instanceof Untranslatable)
        throw new Untranslatable(`segment "${segment.name}" ${err.construct}`, err.message);
      throw err;
    }
  });
  return { key, ...(segment.description ? { description: segment.description } : {}), rules: [{ clauses }] };
}

function prerequisites(index: UnleashIndex, name: string): Prerequisite[] {
  const dependencies = index.doc.dependencies?.find((d) => d.feature === name)?.dependencies ?? [];
  return dependencies.map((d) => {
    if (d.enabled === false)
      throw new Untranslatable(
        'dependencies',
        `"${d.feature}" must be disabled: Switchyard prerequisites require a variant`,
      );
    if ((d.variants ?? []).length > 1)
      throw new Untranslatable(
        'dependencies',
        `"${d.feature}" may serve any of several variants: a prerequisite names one`,
      );
    const variant = d.variants?.[0] ?? (index.hasVariants(d.feature) ? undefined : 'on');
    if (variant === undefined)
      throw new Untranslatable(
        'dependencies',
        `"${d.feature}" has variants: say which one the prerequisite needs`,
      );
    return { flag: d.feature, variant };
  });
}

interface Translated {
  flag: FlagInput;
  segments: SegmentInput[];
  reassigned: Reassignment[];
}

function translateFeature(feature: Feature, index: UnleashIndex, warn: Warn): Translated {
  const name = feature.name;
  const env = index.environment(name);
  const featureVariants = env?.variants ?? feature.variants ?? [];
  const strategies = index.strategies.get(name) ?? [];
  const space = variantSpace([...featureVariants, ...strategies.flatMap((s) => s.variants ?? [])], warn);
  const segments = new Map<string, SegmentInput>();
  const plans: StrategyPlan[] = [];
  strategies.forEach((strategy, i) => {
    const segmentClauses: Clause[] = index.segmentsOf(strategy).map((id) => {
      const segment = index.segments.get(id);
      const key = index.segmentKeys.get(id);
      if (segment === undefined || key === undefined)
        throw new Untranslatable(
          'segments',
          `strategy ${strategy.name} refers to segment ${id}, which the export does not hold`,
        );
      segments.set(key, translateSegment(segment, key, warn));
      return { op: 'inSegment', values: [key] };
    });
    const plan = planStrategy({
      flag: name,
      strategy,
      index: i,
      segmentClauses,
      featureVariants,
      space,
      warn,
    });
    if (plan !== null) plans.push(plan);
  });
  // No strategy at all: Unleash enables the flag for everyone (its variants split them).
  const ordered =
    strategies.length === 0
      ? [
          planStrategy({
            flag: name,
            strategy: { name: 'default', featureName: name },
            index: 0,
            segmentClauses: [],
            featureVariants,
            space,
            warn,
          }) as StrategyPlan,
        ]
      : orderPlans(plans);
  const rules: Rule[] = [];
  let fallthrough: Serve = { variant: space.offVariant };
  for (const plan of ordered) {
    if (plan.clauses.length === 0) {
      fallthrough = plan.serve;
      break;
    }
    rules.push({ id: plan.id, clauses: plan.clauses, serve: plan.serve });
  }
  const salt = (ordered.find((p) => !p.total) ?? ordered.find((p) => p.salt !== undefined))?.salt;
  const reassigned: Reassignment[] = [];
  for (const plan of ordered) {
    if (plan.unleash === undefined || !('rollout' in plan.serve) || salt === undefined) continue;
    const share = reassignedShare(plan.unleash, plan.serve.rollout, salt);
    reassigned.push({ flag: name, construct: plan.construct, share, sampled: REASSIGNMENT_SAMPLE });
  }
  const tags = (index.doc.featureTags ?? [])
    .filter((t) => t.featureName === name)
    .map((t) => t.tagValue ?? t.value ?? '')
    .filter((t) => t !== '' && t.length <= 64);
  const requires = prerequisites(index, name);
  return {
    flag: {
      key: name,
      ...(feature.description ? { description: feature.description } : {}),
      ...(tags.length > 0 ? { tags: [...new Set(tags)] } : {}),
      type: space.type,
      variants: space.variants,
      enabled: env?.enabled ?? feature.enabled ?? false,
      offVariant: space.offVariant,
      ...(requires.length > 0 ? { prerequisites: requires } : {}),
      ...(rules.length > 0 ? { rules } : {}),
      fallthrough,
      ...(salt === undefined ? {} : { salt }),
    },
    segments: [...segments.values()],
    reassigned,
  };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * Unleash's feature export (one environment; parse it with `unleashExportSchema` first) as Switchyard
 * flags and segments. Strategies become rules, constraints clauses, segments segments; whatever has
 * no equivalent is a problem naming the flag and the construct. Unleash buckets users with its own
 * hash, so every translated rollout puts some users in another variant: `reassigned` says how many,
 * measured on generated users, and a warning says it in words.
 */
export function fromUnleash(doc: UnleashExport): Translation {
  const result: Translation = { flags: [], segments: [], problems: [], warnings: [], reassigned: [] };
  const index = new UnleashIndex(doc);
  const segmentsSeen = new Set<string>();
  for (const feature of doc.features) {
    const name = feature.name;
    if (feature.archived === true) {
      result.warnings.push({
        flag: name,
        construct: 'archived',
        message: 'archived in Unleash: not imported',
      });
      continue;
    }
    const warnings: ImportProblem[] = [];
    const warn: Warn = (construct, message) => {
      if (!warnings.some((w) => w.construct === construct && w.message === message))
        warnings.push({ flag: name, construct, message });
    };
    try {
      const translated = translateFeature(feature, index, warn);
      result.flags.push(translated.flag);
      for (const segment of translated.segments) {
        if (segmentsSeen.has(segment.key)) continue;
        segmentsSeen.add(segment.key);
        result.segments.push(segment);
      }
      for (const r of translated.reassigned) {
        result.reassigned?.push(r);
        warnings.push({
          flag: name,
          construct: r.construct,
          message: `Unleash hashes users differently: about ${percent(r.share)} of users would get another variant than Unleash serves them (measured on ${r.sampled} generated users)`,
        });
      }
      result.warnings.push(...warnings);
    } catch (err) {
      if (!(err instanceof Untranslatable)) throw err;
      result.problems.push({ flag: name, construct: err.construct, message: err.message });
    }
  }
  return result;
}
