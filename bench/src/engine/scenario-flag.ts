import { type Flag, flagSchema } from '@switchyard/shared';
import { FLAG_KEY, RULE_COUNTRIES, type Scenario } from './scenarios.js';

/**
 * The Switchyard flag of the engine and SDK benchmarks: a 5% rollout, behind ten
 * one-clause country rules in scenario (b). Built once and handed to both the bare engine and the SDK
 * client, so that the two evaluate the very same document.
 */
export function scenarioFlag(scenario: Scenario): Flag {
  return flagSchema.parse({
    key: FLAG_KEY,
    type: 'boolean',
    variants: { on: true, off: false },
    enabled: true,
    offVariant: 'off',
    rules: scenario.withRules
      ? RULE_COUNTRIES.map((countries, i) => ({
          id: `launched-${i}`,
          clauses: [{ attribute: 'country', op: 'in', values: [...countries] }],
          serve: { variant: 'on' },
        }))
      : [],
    fallthrough: {
      rollout: {
        bucketBy: 'userId',
        variants: [
          { variant: 'on', weight: 5000 },
          { variant: 'off', weight: 95000 },
        ],
      },
    },
    salt: FLAG_KEY,
    version: 1,
  });
}
