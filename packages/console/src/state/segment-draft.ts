import {
  type FieldProblem,
  type Segment,
  type SegmentInput,
  segmentInputSchema,
  validationProblems,
} from '@switchyard/shared';
import { type ClauseDraft, clauseToDraft, draftToClause, lines } from './clause-draft.js';

export interface SegmentDraft {
  description: string;
  includedText: string;
  excludedText: string;
  rules: { id: string; clauses: ClauseDraft[] }[];
}

export function segmentToDraft(segment: Segment | undefined): SegmentDraft {
  return {
    description: segment?.description ?? '',
    includedText: (segment?.included ?? []).join('\n'),
    excludedText: (segment?.excluded ?? []).join('\n'),
    rules: (segment?.rules ?? []).map((r) => ({ id: r.id ?? '', clauses: r.clauses.map(clauseToDraft) })),
  };
}

/** The segment document a draft stands for, checked with the shared schema as the server will. */
export function draftToSegment(
  key: string,
  draft: SegmentDraft,
): { input: SegmentInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input: SegmentInput = {
    key,
    included: lines(draft.includedText),
    excluded: lines(draft.excludedText),
    rules: draft.rules.map((rule, i) => ({
      ...(rule.id.trim() ? { id: rule.id.trim() } : {}),
      clauses: rule.clauses.map((c, j) => draftToClause(c, `rules.${i}.clauses.${j}`, problems)),
    })),
  };
  if (draft.description.trim()) input.description = draft.description.trim();
  const parsed = segmentInputSchema.safeParse(input);
  if (!parsed.success) problems.push(...validationProblems(parsed.error));
  return { input, problems };
}
