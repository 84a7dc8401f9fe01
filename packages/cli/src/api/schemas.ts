import { flagSchema } from '@switchyard/shared';
import { z } from 'zod';

/**
 * Response bodies of the admin API. Flag documents are checked with the shared `flagSchema`; the
 * envelopes around them are described here. They are plain (not strict) objects, so a server that
 * adds a field does not break an older CLI.
 */

/** A listed flag: the document plus the server-computed `percentage` (null for non-boolean flags). */
export const listedFlagSchema = z
  .looseObject({ percentage: z.number().nullable() })
  .transform(({ percentage, ...flag }) => ({ percentage, flag }))
  .pipe(z.object({ percentage: z.number().nullable(), flag: flagSchema }));
export type ListedFlag = z.infer<typeof listedFlagSchema>;

export const flagListSchema = z.object({ flags: z.array(listedFlagSchema) });

/** Every version of a flag, newest first. */
export const flagHistorySchema = z.object({ versions: z.array(flagSchema) });

export const KEY_KINDS = ['admin', 'server', 'client'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export const apiKeySchema = z.object({
  id: z.string(),
  kind: z.enum(KEY_KINDS),
  name: z.string(),
  environment: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });

/** A key as created: the only response that ever carries its secret. */
export const createdKeySchema = apiKeySchema.extend({ secret: z.string().min(1) });
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ keyId: z.string(), name: z.string() }),
  action: z.string(),
  environment: z.string().nullable(),
  resource: z.object({ kind: z.string(), key: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

/** Every 4xx/5xx body of the server: `{ error: { code, message, details? } }` (docs/errors.md). */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>['error'];

/** `details` of SY_ERR_CONFLICT. */
export const conflictDetailsSchema = z.object({ currentVersion: z.number().int().nullable() });
