import type { ApiKeyList } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { ApiError, parseOrThrow } from '../../../errors.js';
import { createApiKey, createKeySchema } from '../../../services/api-keys.js';
import { publicApiKey } from '../../../store/records.js';
import { actorOf, assertGlobalAdmin, keyOf } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';

/** API keys: the secret is returned once, at creation; the store keeps only its SHA-256. */
export function keyRoutes(app: FastifyInstance, { store, apiKeys }: AppContext): void {
  app.post(
    '/keys',
    {
      config: adminWriteRoute({
        tag: 'keys',
        summary: 'Create an API key; the secret is in this response only',
        body: createKeySchema,
      }),
    },
    async (request, reply) => {
      assertGlobalAdmin(request);
      const input = parseOrThrow(createKeySchema, request.body, 'key');
      return reply.status(201).send(await createApiKey(store, input, actorOf(request)));
    },
  );

  app.get(
    '/keys',
    { config: adminRoute({ tag: 'keys', summary: 'List API keys (never their secrets)' }) },
    async (request): Promise<ApiKeyList> => {
      assertGlobalAdmin(request);
      const caller = keyOf(request).id;
      return {
        keys: (await store.listApiKeys()).map((key) => ({
          ...publicApiKey(key),
          current: key.id === caller,
        })),
      };
    },
  );

  app.delete(
    '/keys/:id',
    { config: adminWriteRoute({ tag: 'keys', summary: 'Revoke an API key, at once' }) },
    async (request, reply) => {
      assertGlobalAdmin(request);
      const { id } = request.params as { id: string };
      const revoked = await store.revokeApiKey(id, { actor: actorOf(request), action: 'key.revoke' });
      apiKeys.forget();
      if (!revoked) {
        throw new ApiError('SY_ERR_KEY_NOT_FOUND', `No API key "${id}"`);
      }
      return reply.status(204).send();
    },
  );
}
