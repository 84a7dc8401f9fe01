import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
} from 'fastify';
import type { Actor } from '../../../store/types.js';
import { actorOf, flagInReach } from '../../auth.js';

/** One flag's route call: `:env` and `:key` validated and within the key's reach. */
export interface FlagCall {
  env: string;
  key: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * An admin route on one flag (`/environments/:env/flags/:key/...`): `handle` runs only once `:env`
 * and `:key` are valid and the API key reaches that environment.
 */
export function flagRoute(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  config: FastifyContextConfig,
  handle: (call: FlagCall) => unknown,
): void {
  app.route({
    method,
    url,
    config,
    handler: async (request, reply) => handle({ ...flagInReach(request), request, reply }),
  });
}

/** A route that creates something on one flag from the request body; answers `201 Created` with it. */
export function flagCreateRoute(
  app: FastifyInstance,
  method: HTTPMethods,
  url: string,
  config: FastifyContextConfig,
  create: (env: string, key: string, body: unknown, actor: Actor) => Promise<unknown>,
): void {
  flagRoute(app, method, url, config, async ({ env, key, request, reply }) =>
    reply.status(201).send(await create(env, key, request.body, actorOf(request))),
  );
}
