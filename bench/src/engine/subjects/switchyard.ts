import { createEvaluator, type Flag, flagSchema } from '@switchyard/shared';
import { FLAG_KEY, RULE_COUNTRIES, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

function flagFor(scenario: Scenario): Flag {
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

/** `isEnabled(key, user.id)` for the plain rollout, `isEnabled(key, { userId, country })` with rules. */
export async function switchyard(
  scenario: Scenario,
): Promise<Subject<string | { userId: string; country: string }>> {
  const evaluator = createEvaluator({ flags: { [FLAG_KEY]: flagFor(scenario) }, segments: {} });
  return {
    name: 'Switchyard',
    packageName: '@switchyard/shared',
    inputs: (ids) =>
      scenario.withRules ? ids.map((userId) => ({ userId, country: USER_COUNTRY })) : [...ids],
    countEnabled(inputs) {
      let on = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (evaluator.isEnabled(FLAG_KEY, inputs[i] as string)) on++;
      }
      return on;
    },
    close() {},
  };
}
