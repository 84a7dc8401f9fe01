import { type AuditList, keySchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../../../errors.js';
import { assertEnvironmentAccess, keyOf } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { adminRoute } from '../../route-config.js';

export const auditQuerySchema = z.strictObject({
  environment: keySchema.optional(),
  flag: keySchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function auditRoutes(app: FastifyInstance, { store }: AppContext): void {
  app.get(
    '/audit',
    {
      config: adminRoute({
        tag: 'audit',
        summary: 'Audit log, newest first: who, what, when, before and after',
        query: auditQuerySchema,
      }),
    },
    async (request): Promise<AuditList> => {
      const query = parseOrThrow(auditQuerySchema, request.query, 'query');
      // An environment-scoped admin key reads only its own environment's entries.
      const environment = query.environment ?? keyOf(request).environment ?? undefined;
      if (environment !== undefined) assertEnvironmentAccess(request, environment);
      return { entries: await store.listAudit({ ...query, environment }) };
    },
  );
}
