import { describe } from 'vitest';
import { describeApiKeyContract } from './contract/api-keys.js';
import { describeAuditContract } from './contract/audit.js';
import { describeChangeContract } from './contract/changes.js';
import { describeDocumentContract } from './contract/documents.js';
import { describeDurabilityContract } from './contract/durability.js';
import { describeEpochContract } from './contract/epoch.js';
import { describeMetricsContract } from './contract/metrics.js';
import { type StoreTarget, useStoreUnderTest } from './contract/store-under-test.js';

export { booleanFlag, type StoreTarget } from './contract/store-under-test.js';

/**
 * The behaviour every FlagStore promises, registered once per implementation, one part per concern
 * under contract/. Plans, schedules and triggers have their own contracts (plan-contract.ts,
 * trigger-contract.ts).
 */
export function describeStoreContract(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(`${name}: FlagStore contract`, () => {
    const t = useStoreUnderTest(makeTarget);
    describeDocumentContract(t);
    describeAuditContract(t);
    describeChangeContract(t);
    describeApiKeyContract(t);
    describeMetricsContract(t);
    describeDurabilityContract(t);
    describeEpochContract(t);
  });
}
