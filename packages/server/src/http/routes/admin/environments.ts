import { type Environment, type EnvironmentList, keySchema } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../../../errors.js';
import { actorOf, assertGlobalAdmin, keyOf } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';

export const createEnvironmentSchema = z.strictObject({
  key: keySchema,
  name: z.string().trim().min(1).max(200).optional(),
  /** Production-like: console changes go through "Review and apply" (see `environmentSchema`). */
  critical: z.boolean().optional(),
});

export function environmentRoutes(app: FastifyInstance, { store }: AppContext): void {
  app.get(
    '/environments',
    { config: adminRoute({ tag: 'environments', summary: 'List environments' }) },
    async (request): Promise<EnvironmentList> => {
      const scope = keyOf(request).environment;
      const all = await store.listEnvironments();
      return { environments: scope === null ? all : all.filter((e) => e.key === scope) };
    },
  );

  app.post(
    '/environments',
    {
      config: adminWriteRoute({
        tag: 'environments',
        summary: 'Create an environment',
        body: createEnvironmentSchema,
      }),
    },
    async (request, reply) => {
      assertGlobalAdmin(request);
      const input = parseOrThrow(createEnvironmentSchema, request.body, 'environment');
      const environment: Environment = {
        key: input.key,
        name: input.name ?? input.key,
        createdAt: new Date().toISOString(),
        ...(input.critical ? { critical: true } : {}),
      };
      const created = await store.createEnvironment(environment, {
        actor: actorOf(request),
        action: 'environment.create',
      });
      if (!created) throw new ApiError('SY_ERR_ALREADY_EXISTS', `Environment "${input.key}" exists already`);
      return reply.status(201).send(environment);
    },
  );
}
