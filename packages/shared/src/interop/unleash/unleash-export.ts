import { z } from 'zod';

// The parts of Unleash's feature export that a translation reads: the JSON of the admin export
// (`POST /api/admin/features-batch/export`: features, featureStrategies, featureEnvironments, segments,
// contextFields, featureTags, dependencies) and the older state export, whose segments carry their
// constraints and whose strategies name their environment. Unknown fields are ignored; a document
// whose structure is wrong is refused with the path of the first problem.

const stringish = z.union([z.string(), z.number()]).transform(String);

export const unleashConstraintSchema = z.object({
  contextName: z.string().min(1),
  operator: z.string().min(1),
  values: z.array(stringish).optional(),
  value: stringish.optional(),
  inverted: z.boolean().optional(),
  caseInsensitive: z.boolean().optional(),
});
export type UnleashConstraint = z.output<typeof unleashConstraintSchema>;

export const unleashVariantSchema = z.object({
  name: z.string().min(1),
  weight: z.number().int().min(0),
  weightType: z.string().optional(),
  stickiness: z.string().optional(),
  payload: z.object({ type: z.string(), value: z.string() }).optional(),
  overrides: z.array(z.object({ contextName: z.string(), values: z.array(stringish) })).optional(),
});
export type UnleashVariant = z.output<typeof unleashVariantSchema>;

export const unleashStrategySchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  featureName: z.string().min(1),
  environment: z.string().optional(),
  title: z.string().nullish(),
  disabled: z.boolean().nullish(),
  sortOrder: z.number().optional(),
  parameters: z.record(z.string(), stringish).optional(),
  constraints: z.array(unleashConstraintSchema).optional(),
  segments: z.array(z.number().int()).optional(),
  variants: z.array(unleashVariantSchema).optional(),
});
export type UnleashStrategy = z.output<typeof unleashStrategySchema>;

const unleashFeatureSchema = z.object({
  name: z.string().min(1),
  description: z.string().nullish(),
  /** The state export's (and old exports') single enabled flag; newer exports use featureEnvironments. */
  enabled: z.boolean().optional(),
  archived: z.boolean().optional(),
  variants: z.array(unleashVariantSchema).optional(),
});

const unleashFeatureEnvironmentSchema = z.object({
  featureName: z.string().min(1),
  environment: z.string().optional(),
  enabled: z.boolean(),
  variants: z.array(unleashVariantSchema).optional(),
});

export const unleashSegmentSchema = z.object({
  id: z.number().int(),
  name: z.string().min(1),
  description: z.string().nullish(),
  /** Present in the state export and in `GET /api/admin/segments`; the features export lists names only. */
  constraints: z.array(unleashConstraintSchema).optional(),
});
export type UnleashSegment = z.output<typeof unleashSegmentSchema>;

export const unleashExportSchema = z
  .object({
    features: z.array(unleashFeatureSchema),
    featureStrategies: z.array(unleashStrategySchema).default([]),
    featureEnvironments: z.array(unleashFeatureEnvironmentSchema).optional(),
    segments: z.array(unleashSegmentSchema).default([]),
    /** The state export links strategies to segments here rather than in each strategy. */
    featureStrategySegments: z
      .array(z.object({ featureStrategyId: z.string(), segmentId: z.number().int() }))
      .optional(),
    featureTags: z
      .array(
        z.object({ featureName: z.string(), tagValue: z.string().optional(), value: z.string().optional() }),
      )
      .optional(),
    dependencies: z
      .array(
        z.object({
          feature: z.string(),
          dependencies: z.array(
            z.object({
              feature: z.string(),
              enabled: z.boolean().optional(),
              variants: z.array(z.string()).optional(),
            }),
          ),
        }),
      )
      .optional(),
  })
  .superRefine((doc, ctx) => {
    const environments = new Set<string>();
    for (const e of doc.featureEnvironments ?? []) if (e.environment) environments.add(e.environment);
    for (const s of doc.featureStrategies) if (s.environment) environments.add(s.environment);
    if (environments.size > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['featureEnvironments'],
        message: `holds the environments ${[...environments].sort().join(', ')}: export (or keep) one environment per import`,
      });
  });
export type UnleashExport = z.output<typeof unleashExportSchema>;
