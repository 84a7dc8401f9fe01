import { z } from 'zod';
import { clauseSchema } from './clause.js';
import { MAX_JSON_DEPTH, valueDeeperThan } from './json-depth.js';
import { attributeNameSchema, keySchema, variantNameSchema } from './keys.js';

/** Rollout weights are thousandths of a percent: 100000 is everyone. */
export const TOTAL_WEIGHT = 100_000;

export const FLAG_TYPES = ['boolean', 'string', 'number', 'json'] as const;
export const flagTypeSchema = z.enum(FLAG_TYPES);
export type FlagType = z.infer<typeof flagTypeSchema>;

/**
 * `temporary` (the default when absent): a release flag that should leave the code once launched, so
 * it is reported stale. `permanent`: a kill switch or entitlement meant to stay.
 */
export const FLAG_LIFECYCLES = ['temporary', 'permanent'] as const;
export const flagLifecycleSchema = z.enum(FLAG_LIFECYCLES);
export type FlagLifecycle = z.infer<typeof flagLifecycleSchema>;

export const weightedVariantSchema = z.strictObject({
  variant: variantNameSchema,
  weight: z
    .number()
    .int('must be a whole number of thousandths of a percent (0.001%)')
    .min(0, 'is at least 0%')
    .max(TOTAL_WEIGHT, 'is at most 100%'),
});

export const rolloutSchema = z
  .strictObject({
    bucketBy: attributeNameSchema.optional(),
    variants: z.array(weightedVariantSchema).min(1, 'needs at least one variant'),
  })
  .superRefine((rollout, ctx) => {
    const total = rollout.variants.reduce((sum, v) => sum + v.weight, 0);
    if (total !== TOTAL_WEIGHT) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        // In percent, as people set a split: "adds up to 90%, not 100%".
        message: `the split adds up to ${Number((total / 1000).toFixed(3))}%, not 100%`,
      });
    }
    const seen = new Set<string>();
    rollout.variants.forEach((v, i) => {
      if (seen.has(v.variant)) {
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'variant'], message: 'variant listed twice' });
      }
      seen.add(v.variant);
    });
  });
export type Rollout = z.infer<typeof rolloutSchema>;

/** What a rule or the fallthrough serves: one fixed variant, or a percentage rollout. */
export const serveSchema = z.union([
  z.strictObject({ variant: variantNameSchema }),
  z.strictObject({ rollout: rolloutSchema }),
]);
export type Serve = z.infer<typeof serveSchema>;

export const ruleSchema = z.strictObject({
  id: z.string().min(1).max(128).optional(),
  description: z.string().max(1000).optional(),
  clauses: z.array(clauseSchema),
  serve: serveSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const targetSchema = z.strictObject({
  variant: variantNameSchema,
  values: z.array(z.string()),
});
export type Target = z.infer<typeof targetSchema>;

export const prerequisiteSchema = z.strictObject({
  flag: keySchema,
  variant: variantNameSchema,
});
export type Prerequisite = z.infer<typeof prerequisiteSchema>;

const flagFields = {
  key: keySchema,
  description: z.string().max(10_000).optional(),
  tags: z.array(z.string().min(1).max(64)).optional(),
  type: flagTypeSchema,
  variants: z.record(variantNameSchema, z.json()),
  enabled: z.boolean(),
  offVariant: variantNameSchema,
  prerequisites: z.array(prerequisiteSchema).optional(),
  targets: z.array(targetSchema).optional(),
  rules: z.array(ruleSchema).optional(),
  fallthrough: serveSchema,
  salt: z.string().max(256).optional(),
  lifecycle: flagLifecycleSchema.optional(),
};

const VALUE_CHECKS: Record<FlagType, (value: unknown) => boolean> = {
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  json: () => true,
};

type FlagBody = z.infer<z.ZodObject<typeof flagFields>>;

/** Cross-field rules of a flag: variant values fit the type, and every variant named exists. */
function checkFlag(flag: FlagBody, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const names = Object.keys(flag.variants);
  if (names.length === 0) issue(['variants'], 'needs at least one variant');

  for (const name of names) {
    if (!VALUE_CHECKS[flag.type](flag.variants[name])) {
      issue(['variants', name], `must be a ${flag.type} value, like the flag's type`);
    }
  }
  if (flag.type === 'boolean') {
    const exact = names.length === 2 && flag.variants.on === true && flag.variants.off === false;
    if (!exact) issue(['variants'], 'a boolean flag has exactly the variants { "on": true, "off": false }');
  }

  const known = (name: string, path: (string | number)[]) => {
    if (!Object.hasOwn(flag.variants, name)) issue(path, `unknown variant "${name}"`);
  };
  const checkServe = (serve: Serve, path: (string | number)[]) => {
    if ('variant' in serve) known(serve.variant, [...path, 'variant']);
    else {
      for (const [i, v] of serve.rollout.variants.entries()) {
        known(v.variant, [...path, 'rollout', 'variants', i, 'variant']);
      }
    }
  };

  known(flag.offVariant, ['offVariant']);
  for (const [i, t] of (flag.targets ?? []).entries()) known(t.variant, ['targets', i, 'variant']);
  for (const [i, r] of (flag.rules ?? []).entries()) checkServe(r.serve, ['rules', i, 'serve']);
  checkServe(flag.fallthrough, ['fallthrough']);
  flag.prerequisites?.forEach((p, i) => {
    if (p.flag === flag.key) issue(['prerequisites', i, 'flag'], 'a flag cannot be its own prerequisite');
  });
}

/**
 * A flag as written by people and tools: everything but the server-assigned `version`. Variant
 * values nest at most {@link MAX_JSON_DEPTH} levels (checked on writes only, so that a stored flag
 * from before the limit still loads).
 */
export const flagInputSchema = z.strictObject(flagFields).superRefine((flag, ctx) => {
  checkFlag(flag, ctx);
  for (const [name, value] of Object.entries(flag.variants)) {
    if (valueDeeperThan(value, MAX_JSON_DEPTH)) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', name],
        message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      });
    }
  }
});
export type FlagInput = z.infer<typeof flagInputSchema>;

/**
 * Set on a flag that a flags file on the server (`FLAGS_FILE`) owns: `file` names it, `digest` is the
 * hash of the flag's entry in the file as last applied, so a change of that entry (and only that) makes
 * the file win over a kill switch toggled meanwhile.
 */
export const managedBySchema = z.strictObject({
  file: z.string().min(1).max(4096),
  digest: z.string().min(1).max(128),
});
export type ManagedBy = z.infer<typeof managedBySchema>;

/**
 * A stored flag: as written, plus the `version` the server set (+1 on every change), `archived`,
 * which only the archive and unarchive routes set (an archived flag leaves every SDK ruleset), and
 * `managedBy`, which only the server's flags-file reconciliation sets.
 */
export const flagSchema = z
  .strictObject({
    ...flagFields,
    archived: z.boolean().optional(),
    managedBy: managedBySchema.optional(),
    version: z.number().int().min(0),
  })
  .superRefine(checkFlag);
export type Flag = z.infer<typeof flagSchema>;
