import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '../../../src/store/file/file-store.js';
import { describeStoreContract, type StoreTarget } from '../contract.js';
import { describePlanContract } from '../plan-contract.js';
import { describeTriggerContract } from '../trigger-contract.js';
import { describeWebhookContract } from '../webhook-contract.js';

const target = async (): Promise<StoreTarget> => {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-file-store-'));
  return {
    open: () => createFileStore({ dir }),
    // One process may open a data directory once: concurrent writers share the one store.
    openWriters: async (_count, current) => [current],
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
};

describeStoreContract('FileStore', target);
describePlanContract('FileStore', target);
describeTriggerContract('FileStore', target);
describeWebhookContract('FileStore', target);
