import { basicLogger, init, type LDContext } from '@launchdarkly/node-server-sdk';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { FLAG_KEY, RULE_COUNTRIES, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

/** LaunchDarkly's flag data model; rollout weights are thousandths of a percent, as in Switchyard. */
function flagFor(scenario: Scenario) {
  return {
    key: FLAG_KEY,
    version: 1,
    on: true,
    variations: [true, false],
    offVariation: 1,
    targets: [],
    contextTargets: [],
    prerequisites: [],
    rules: scenario.withRules
      ? RULE_COUNTRIES.map((countries, i) => ({
          id: `launched-${i}`,
          clauses: [
            { contextKind: 'user', attribute: 'country', op: 'in', values: [...countries], negate: false },
          ],
          variation: 0,
          trackEvents: false,
        }))
      : [],
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: 5000 },
          { variation: 1, weight: 95000 },
        ],
      },
    },
    salt: FLAG_KEY,
    trackEvents: false,
    trackEventsFallthrough: false,
    clientSide: false,
    deleted: false,
  };
}

/** Offline LaunchDarkly: flag data from the SDK's TestData source into its in-memory store, no events. */
export async function launchDarkly(scenario: Scenario): Promise<Subject<LDContext>> {
  const td = new TestData();
  await td.usePreconfiguredFlag(flagFor(scenario));
  const client = init('sdk-key-offline-bench', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'warn' }),
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    name: 'LaunchDarkly',
    packageName: '@launchdarkly/node-server-sdk',
    inputs: (ids) =>
      ids.map((key) =>
        scenario.withRules ? { kind: 'user', key, country: USER_COUNTRY } : { kind: 'user', key },
      ),
    // The server SDK only evaluates asynchronously; awaiting each result is its normal use.
    async countEnabled(inputs) {
      let on = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (await client.boolVariation(FLAG_KEY, inputs[i] as LDContext, false)) on++;
      }
      return on;
    },
    close: () => client.close(),
  };
}
