import { type AuditList, keySchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../../../errors.js';
import type { AuditCursor } from '../../../store/audit-log.js';
import { assertEnvironmentAccess, keyOf } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { adminRoute } from '../../route-config.js';

/** A page's `next`: the last entry's time and id, opaque to clients. */
const encodeCursor = ({ at, id }: AuditCursor): string => Buffer.from(`${at}|${id}`).toString('base64url');

function decodeCursor(text: string): unknown {
  const plain = Buffer.from(text, 'base64url').toString('utf8');
  const bar = plain.indexOf('|');
  return bar === -1 ? null : { at: plain.slice(0, bar), id: plain.slice(bar + 1) };
}

const cursorSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this server gave')
  .transform(decodeCursor)
  .pipe(
    z.object(
      { at: z.iso.datetime(), id: z.string().min(1).max(100) },
      { error: 'not a cursor this server gave' },
    ),
  );

export const auditQuerySchema = z.strictObject({
  environment: keySchema.optional(),
  flag: keySchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** The `next` of the page before: only entries older than that page. */
  cursor: cursorSchema.optional(),
});

export function auditRoutes(app: FastifyInstance, { store }: AppContext): void {
  app.get(
    '/audit',
    {
      config: adminRoute({
        tag: 'audit',
        summary: 'Audit log, newest first, a page at a time: who, what, when, before and after',
        query: auditQuerySchema,
      }),
    },
    async (request): Promise<AuditList> => {
      const { cursor, limit, ...query } = parseOrThrow(auditQuerySchema, request.query, 'query');
      // An environment-scoped admin key reads only its own environment's entries.
      const environment = query.environment ?? keyOf(request).environment ?? undefined;
      if (environment !== undefined) assertEnvironmentAccess(request, environment);
      // One more than the page tells whether an older page exists.
      const found = await store.listAudit({ ...query, environment, limit: limit + 1, before: cursor });
      const entries = found.slice(0, limit);
      const last = entries.at(-1);
      return { entries, next: found.length > limit && last !== undefined ? encodeCursor(last) : null };
    },
  );
}
