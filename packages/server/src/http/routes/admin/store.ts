import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseOrThrow } from '../../../errors.js';
import {
  acceptStore,
  restoreSnapshot,
  snapshotOf,
  storeSnapshotSchema,
} from '../../../services/store-recovery.js';
import type { FlagStore } from '../../../store/types.js';
import { actorOf, assertGlobalAdmin } from '../../auth.js';
import type { DeliveryContext } from '../../context.js';
import { adminRoute, adminWriteRoute } from '../../route-config.js';
import type { StoreTrust } from '../../store-trust.js';

const restoreBodySchema = z.union([z.strictObject({}), storeSnapshotSchema]);

/**
 * The store's epoch and the operator's ways back when the store forgot its data (docs/operations.md):
 * export this instance's memory, restore a snapshot (this instance's memory by default), or accept
 * the store as it is. Restore and accept write to the store itself: they are what lifts the
 * refusal of every other write.
 */
export function storeRoutes(
  app: FastifyInstance,
  ctx: DeliveryContext,
  trust: StoreTrust,
  rawStore: FlagStore,
): void {
  const { guard } = trust;
  const memory = async () =>
    snapshotOf(trust.environments, await ctx.cache.held(), trust.apiKeys, guard.epoch);
  /** The epoch as the store has it now (after a restore or accept: adopted here at once, elsewhere within a second). */
  const current = async () => {
    await guard.check();
    return { epoch: guard.epoch, lost: guard.lost };
  };

  app.get(
    '/store',
    {
      config: adminRoute({
        tag: 'store',
        summary: 'The store epoch this instance serves, and why it does not trust the store, if it does not',
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      return current();
    },
  );

  app.get(
    '/store/export',
    {
      config: adminRoute({
        tag: 'store',
        summary: "This instance's last good state of every environment (a logical backup; input of restore)",
        response: storeSnapshotSchema,
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      return memory();
    },
  );

  app.post(
    '/store/restore',
    {
      config: adminWriteRoute({
        tag: 'store',
        summary: "Write a snapshot (default: this instance's memory) into the store under a new epoch",
        body: restoreBodySchema,
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      const body = parseOrThrow(restoreBodySchema, request.body ?? {}, 'snapshot');
      const snapshot = storeSnapshotSchema.safeParse(body).data ?? (await memory());
      if (snapshot.environments.length === 0)
        throw new ApiError('SY_ERR_VALIDATION', 'Invalid snapshot: environments: nothing to restore', [
          { path: 'environments', message: 'nothing to restore' },
        ]);
      await restoreSnapshot(rawStore, snapshot, actorOf(request));
      return current();
    },
  );

  app.post(
    '/store/accept',
    {
      config: adminWriteRoute({
        tag: 'store',
        summary:
          'Accept the store as it is (for example empty): a new epoch that every instance and SDK takes',
      }),
    },
    async (request) => {
      assertGlobalAdmin(request);
      // SDK keys are configuration deployed with applications: they stay, as this instance knows them.
      await acceptStore(rawStore, trust.apiKeys);
      return current();
    },
  );
}
