import {
  flagInputSchema,
  flagsFileSchema,
  fromFlagd,
  fromSwitchyard,
  fromUnleash,
  type ImportRequest,
  type ImportResponse,
  planApply,
  type Translation,
  unleashExportSchema,
  validationProblems,
} from '@switchyard/shared';
import { parseOrThrow } from '../errors.js';
import type { Actor, FlagStore } from '../store/types.js';
import { requireEnvironment } from './environments.js';
import type { FlagService } from './flags.js';
import type { SegmentService } from './segments.js';

const TRANSLATORS: Record<ImportRequest['format'], (document: Record<string, unknown>) => Translation> = {
  flagd: fromFlagd,
  // Unleash's export has a fixed structure: a document that does not follow it is a 400 naming the path.
  unleash: (document) =>
    fromUnleash(parseOrThrow(unleashExportSchema, document, 'Unleash export', ['document'])),
  switchyard: fromSwitchyard,
};

/** Translated flags that the flag schema still refuses (a key flagd allows and Switchyard does not, say). */
function checked(translation: Translation): Translation {
  const flags = [];
  const problems = [...translation.problems];
  for (const flag of translation.flags) {
    const parsed = flagInputSchema.safeParse(flag);
    if (parsed.success) flags.push(parsed.data);
    else {
      const first = validationProblems(parsed.error)[0];
      problems.push({
        flag: flag.key,
        construct: first?.path ?? '(flag)',
        message: first?.message ?? 'invalid',
      });
    }
  }
  return { ...translation, flags, problems };
}

export interface ImportService {
  run(env: string, request: ImportRequest, actor: Actor): Promise<ImportResponse>;
}

/**
 * Imports another system's flags into an environment: translate, plan against what is there (the
 * same plan as `switchyard apply`, never deleting), and write each change with the version it was
 * planned against, segments first. Nothing is written when any flag has a problem, unless asked.
 */
export function createImportService(
  store: FlagStore,
  flags: FlagService,
  segments: SegmentService,
): ImportService {
  return {
    async run(env, request, actor) {
      await requireEnvironment(store, env);
      const translation = checked(TRANSLATORS[request.format](request.document));
      const [currentFlags, currentSegments] = await Promise.all([
        store.listFlags(env),
        store.listSegments(env),
      ]);
      const file = flagsFileSchema.parse({ flags: translation.flags, segments: translation.segments });
      const plan = planApply(file, { flags: currentFlags, segments: currentSegments });
      const keys = (action: string) =>
        plan.steps.filter((s) => s.kind === 'flag' && s.action === action).map((s) => s.key);
      const blocked = translation.problems.length > 0 && !request.skipProblems;
      const apply = !request.dryRun && !blocked;
      if (apply) {
        for (const step of plan.steps) {
          if (step.action !== 'create' && step.action !== 'update') continue;
          const precondition = step.action === 'create' ? 'absent' : step.version;
          if (step.kind === 'flag') await flags.put(env, step.key, step.document, precondition, actor);
          else await segments.put(env, step.key, step.document, precondition, actor);
        }
      }
      return {
        created: keys('create'),
        updated: keys('update'),
        unchanged: keys('unchanged'),
        problems: translation.problems,
        warnings: translation.warnings,
        reassigned: translation.reassigned ?? [],
        applied: apply && plan.steps.some((s) => s.action === 'create' || s.action === 'update'),
      };
    },
  };
}
