import { type FlagsFileStatus, flagsFileStatusSchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import type { FlagsFileReconciler } from '../../../flags-file/flags-file-reconciler.js';
import { requireEnvironment } from '../../../services/environments.js';
import type { FlagStore } from '../../../store/types.js';
import { assertEnvironmentAccess } from '../../auth.js';
import { envParam } from '../../request-parts.js';
import { adminRoute } from '../../route-config.js';

/** The server's flags file as an environment sees it: the file, whether it reads well, the drift. */
export function flagsFileRoutes(
  app: FastifyInstance,
  store: FlagStore,
  reconciler: { environment: string; reconciler: FlagsFileReconciler } | undefined,
): void {
  app.get(
    '/environments/:env/flags-file',
    {
      config: adminRoute({
        tag: 'flags',
        summary:
          'The flags file (FLAGS_FILE) that manages this environment, whether it reads well now, and the flags whose live state differs from it (`file: null` when none does)',
        response: flagsFileStatusSchema,
      }),
    },
    async (request): Promise<FlagsFileStatus> => {
      const env = envParam(request);
      assertEnvironmentAccess(request, env);
      await requireEnvironment(store, env);
      if (reconciler?.environment === env) return reconciler.reconciler.status();
      return { file: null, environment: env, valid: true, problems: [], drift: [] };
    },
  );
}
