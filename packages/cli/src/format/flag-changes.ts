import { isDeepStrictEqual } from 'node:util';
import { type Flag, percentageOf } from '@switchyard/shared';
import { describeServe } from './rules.js';

/**
 * What changed from one version of a flag to the next, in words: `percentage 5 → 25`,
 * `enabled → disabled`, `rules 1 → 2`. The first version reads `created`.
 */
export function describeChanges(previous: Flag | undefined, next: Flag): string[] {
  if (previous === undefined) return ['created'];
  const changes: string[] = [];
  const same = <K extends keyof Flag>(field: K) => isDeepStrictEqual(previous[field], next[field]);

  if (previous.enabled !== next.enabled)
    changes.push(next.enabled ? 'disabled → enabled' : 'enabled → disabled');
  if (!same('type')) changes.push(`type ${previous.type} → ${next.type}`);
  const before = percentageOf(previous);
  const after = percentageOf(next);
  if (before !== null && after !== null && before !== after) changes.push(`percentage ${before} → ${after}`);
  else if (!same('fallthrough')) {
    changes.push(`fallthrough ${describeServe(previous.fallthrough)} → ${describeServe(next.fallthrough)}`);
  }
  if (!same('rules')) changes.push(countChange('rules', previous.rules, next.rules));
  if (!same('targets')) changes.push(countChange('targets', previous.targets, next.targets));
  if (!same('prerequisites'))
    changes.push(countChange('prerequisites', previous.prerequisites, next.prerequisites));
  if (!same('variants')) changes.push('variants changed');
  if (!same('offVariant')) changes.push(`off variant ${previous.offVariant} → ${next.offVariant}`);
  if (!same('tags')) changes.push(tagChange(previous.tags ?? [], next.tags ?? []));
  if (!same('description')) changes.push('description changed');
  if ((previous.salt ?? previous.key) !== (next.salt ?? next.key))
    changes.push('salt changed (users re-bucketed)');
  return changes.length === 0 ? ['no change'] : changes;
}

function countChange(what: string, before: unknown[] = [], after: unknown[] = []): string {
  return before.length === after.length ? `${what} changed` : `${what} ${before.length} → ${after.length}`;
}

function tagChange(before: string[], after: string[]): string {
  const added = after.filter((t) => !before.includes(t)).map((t) => `+${t}`);
  const removed = before.filter((t) => !after.includes(t)).map((t) => `-${t}`);
  const parts = [...added, ...removed];
  return parts.length === 0 ? 'tags reordered' : `tags ${parts.join(' ')}`;
}
