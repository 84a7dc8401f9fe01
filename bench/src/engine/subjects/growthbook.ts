import { type FeatureDefinition, GrowthBookClient, type UserContext } from '@growthbook/growthbook';
import { FLAG_KEY, ROLLOUT_PERCENT, RULE_COUNTRIES, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

/** A GrowthBook feature: force rules with conditions for the countries, then a percentage rollout rule. */
function featureFor(scenario: Scenario): FeatureDefinition<boolean> {
  const rules = scenario.withRules
    ? RULE_COUNTRIES.map((countries, i) => ({
        id: `launched-${i}`,
        condition: { country: { $in: [...countries] } },
        force: true,
      }))
    : [];
  return {
    defaultValue: false,
    rules: [...rules, { id: 'rollout', force: true, coverage: ROLLOUT_PERCENT / 100, hashAttribute: 'id' }],
  };
}

/**
 * GrowthBook's multi-user client, the SDK's server-side mode: one client with the features, and the
 * user's attributes passed with each evaluation. Offline through `initSync` with a payload.
 */
export async function growthBook(scenario: Scenario): Promise<Subject<UserContext>> {
  const client = new GrowthBookClient().initSync({
    payload: { features: { [FLAG_KEY]: featureFor(scenario) } },
  });
  return {
    name: 'GrowthBook',
    packageName: '@growthbook/growthbook',
    inputs: (ids) =>
      ids.map((id) => ({ attributes: scenario.withRules ? { id, country: USER_COUNTRY } : { id } })),
    countEnabled(inputs) {
      let on = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (client.isOn(FLAG_KEY, inputs[i] as UserContext)) on++;
      }
      return on;
    },
    close: () => client.destroy(),
  };
}
