import { type Context, InMemStorageProvider, initialize, UnleashEvents } from 'unleash-client';
import { FLAG_KEY, ROLLOUT_PERCENT, RULE_COUNTRIES, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

/**
 * Unleash's "Gradual rollout" is the `flexibleRollout` strategy. Strategies are OR-ed in order, so each
 * country rule is a strategy of its own (a 100% rollout constrained to its countries) ahead of the 5% one.
 */
function featureFor(scenario: Scenario) {
  const rollout = (percent: number, constraints: unknown[]) => ({
    name: 'flexibleRollout',
    parameters: { rollout: String(percent), stickiness: 'default', groupId: FLAG_KEY },
    constraints,
  });
  const rules = scenario.withRules
    ? RULE_COUNTRIES.map((countries) =>
        rollout(100, [
          {
            contextName: 'country',
            operator: 'IN',
            values: [...countries],
            inverted: false,
            caseInsensitive: false,
          },
        ]),
      )
    : [];
  return {
    name: FLAG_KEY,
    type: 'release',
    enabled: true,
    stale: false,
    impressionData: false,
    project: 'default',
    strategies: [...rules, rollout(ROLLOUT_PERCENT, [])],
    variants: [],
  };
}

/** Offline Unleash: bootstrapped features, no polling (`refreshInterval: 0`), no metrics upload. */
export async function unleash(scenario: Scenario): Promise<Subject<Context>> {
  const client = initialize({
    appName: 'switchyard-bench',
    url: 'http://127.0.0.1:9/api/',
    refreshInterval: 0,
    disableMetrics: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: [featureFor(scenario)] as never },
    skipInstanceCountWarning: true,
  });
  await new Promise<void>((resolve, reject) => {
    client.once(UnleashEvents.Ready, () => resolve());
    client.once(UnleashEvents.Error, reject);
  });
  return {
    name: 'Unleash',
    packageName: 'unleash-client',
    inputs: (ids) =>
      ids.map((userId) =>
        scenario.withRules ? { userId, properties: { country: USER_COUNTRY } } : { userId },
      ),
    countEnabled(inputs) {
      let on = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (client.isEnabled(FLAG_KEY, inputs[i])) on++;
      }
      return on;
    },
    close: () => client.destroy(),
  };
}
