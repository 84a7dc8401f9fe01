import { createEvaluator } from '@switchyard/shared';
import { scenarioFlag } from '../scenario-flag.js';
import { FLAG_KEY, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

/** `isEnabled(key, user.id)` for the plain rollout, `isEnabled(key, { userId, country })` with rules. */
export async function switchyard(
  scenario: Scenario,
): Promise<Subject<string | { userId: string; country: string }>> {
  const evaluator = createEvaluator({ flags: { [FLAG_KEY]: scenarioFlag(scenario) }, segments: {} });
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
