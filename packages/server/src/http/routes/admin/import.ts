import { importRequestSchema, importResponseSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { parseOrThrow } from '../../../errors.js';
import type { ImportService } from '../../../services/flag-import.js';
import { actorOf, assertEnvironmentAccess } from '../../auth.js';
import { envParam } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

/** `POST /environments/:env/import`: flags from flagd, Unleash or a Switchyard flags file. */
export function importRoutes(app: FastifyInstance, imports: ImportService): void {
  app.post(
    '/environments/:env/import',
    {
      config: adminRoute({
        tag: 'flags',
        summary:
          'Import flags from flagd, an Unleash feature export or a Switchyard flags file: created, updated, unchanged keys, problems (nothing is written when any flag has one, unless skipProblems), warnings and the rollouts whose users move (reassigned); dryRun writes nothing',
        body: importRequestSchema,
        response: importResponseSchema,
      }),
    },
    async (request) => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      const body = parseOrThrow(importRequestSchema, request.body, 'import');
      return imports.run(env, body, actorOf(request));
    },
  );
}
