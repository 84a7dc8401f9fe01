import { type Flag, percentageOf, type Rule } from '@switchyard/shared';
import { describeFallthrough, describeRule, formatPercent } from './flag-facts.js';

/**
 * What changed from one version of a flag to the next, as sentences a product manager reads in the
 * history: percentage, on/off, targets, rules, description and the rest.
 */
export function describeChanges(before: Flag | undefined, after: Flag): string[] {
  if (before === undefined) {
    return [`Created: ${after.type} flag, ${after.enabled ? 'on' : 'off'}, ${describeFallthrough(after)}`];
  }
  const changes: string[] = [];
  if (before.enabled !== after.enabled) {
    changes.push(after.enabled ? 'Turned on' : 'Turned off (kill switch)');
  }
  const from = percentageOf(before);
  const to = percentageOf(after);
  if (from !== null && to !== null) {
    if (from !== to) changes.push(`Percentage ${formatPercent(from)} → ${formatPercent(to)}`);
  } else if (!same(before.fallthrough, after.fallthrough)) {
    changes.push(`Default: ${describeFallthrough(before)} → ${describeFallthrough(after)}`);
  }
  if ((before.description ?? '') !== (after.description ?? '')) {
    changes.push(after.description ? `Description: "${after.description}"` : 'Description removed');
  }
  changes.push(...listChange('Tags', before.tags ?? [], after.tags ?? []));
  changes.push(...targetChanges(before, after));
  changes.push(...ruleChanges(before.rules ?? [], after.rules ?? []));
  if (!same(before.prerequisites ?? [], after.prerequisites ?? [])) {
    const list = (after.prerequisites ?? []).map((p) => `${p.flag} is ${p.variant}`).join(', ');
    changes.push(list ? `Prerequisites: ${list}` : 'Prerequisites removed');
  }
  if (before.type !== after.type) changes.push(`Type ${before.type} → ${after.type}`);
  if (!same(before.variants, after.variants)) changes.push('Variants changed');
  if (before.offVariant !== after.offVariant) {
    changes.push(`Off variant ${before.offVariant} → ${after.offVariant}`);
  }
  if ((before.salt ?? before.key) !== (after.salt ?? after.key)) {
    changes.push('Salt changed (users are bucketed anew)');
  }
  return changes.length > 0 ? changes : ['No change to what is served'];
}

function targetChanges(before: Flag, after: Flag): string[] {
  const idsByVariant = (flag: Flag) => {
    const map = new Map<string, string[]>();
    for (const t of flag.targets ?? []) map.set(t.variant, [...(map.get(t.variant) ?? []), ...t.values]);
    return map;
  };
  const was = idsByVariant(before);
  const now = idsByVariant(after);
  const variants = [...new Set([...was.keys(), ...now.keys()])];
  return variants.flatMap((variant) =>
    listChange(`Targets for ${variant}`, was.get(variant) ?? [], now.get(variant) ?? []),
  );
}

function listChange(what: string, before: readonly string[], after: readonly string[]): string[] {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  const parts: string[] = [];
  if (added.length > 0) parts.push(`added ${added.join(', ')}`);
  if (removed.length > 0) parts.push(`removed ${removed.join(', ')}`);
  return parts.length > 0 ? [`${what}: ${parts.join('; ')}`] : [];
}

function ruleChanges(before: readonly Rule[], after: readonly Rule[]): string[] {
  const name = (rule: Rule, i: number) => `Rule ${i + 1}${rule.id ? ` (${rule.id})` : ''}`;
  const changes: string[] = [];
  const matched = new Set<number>();
  after.forEach((rule, i) => {
    // Rules with an id are followed by id; others by position.
    const j = rule.id
      ? before.findIndex((r) => r.id === rule.id)
      : i < before.length && !before[i]?.id
        ? i
        : -1;
    const old = j >= 0 ? before[j] : undefined;
    if (old === undefined) {
      changes.push(`${name(rule, i)} added: ${describeRule(rule)}`);
      return;
    }
    matched.add(j);
    if (!same(old, rule))
      changes.push(`${name(rule, i)} changed: ${describeRule(old)} ⇒ ${describeRule(rule)}`);
    else if (i !== j) changes.push(`${name(rule, i)} moved from position ${j + 1}`);
  });
  before.forEach((rule, j) => {
    if (!matched.has(j)) changes.push(`${name(rule, j)} removed: ${describeRule(rule)}`);
  });
  return changes;
}

/** Structural equality of JSON documents (key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
