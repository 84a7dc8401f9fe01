import type { EvaluationContext } from '@openfeature/core';
import { FlagdCore } from '@openfeature/flagd-core';
import { FLAG_KEY, ROLLOUT_PERCENT, RULE_COUNTRIES, type Scenario, USER_COUNTRY } from '../scenarios.js';
import type { Subject } from '../subject.js';

/** A flagd flag definition: `fractional` for the rollout, an `if` chain of `in` tests for the rules. */
function configFor(scenario: Scenario): string {
  const rollout = {
    fractional: [
      ['on', ROLLOUT_PERCENT],
      ['off', 100 - ROLLOUT_PERCENT],
    ],
  };
  const targeting = scenario.withRules
    ? {
        if: [
          ...RULE_COUNTRIES.flatMap((countries) => [{ in: [{ var: 'country' }, [...countries]] }, 'on']),
          rollout,
        ],
      }
    : rollout;
  return JSON.stringify({
    flags: {
      [FLAG_KEY]: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting },
    },
  });
}

/** flagd's in-process evaluation core, as its in-process provider uses it, loaded with the flag JSON. */
export async function flagd(scenario: Scenario): Promise<Subject<EvaluationContext>> {
  const core = new FlagdCore();
  core.setConfigurations(configFor(scenario));
  return {
    name: 'flagd',
    packageName: '@openfeature/flagd-core',
    inputs: (ids) =>
      ids.map(
        (targetingKey): EvaluationContext =>
          scenario.withRules ? { targetingKey, country: USER_COUNTRY } : { targetingKey },
      ),
    countEnabled(inputs) {
      let on = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (core.resolveBooleanEvaluation(FLAG_KEY, false, inputs[i]).value) on++;
      }
      return on;
    },
    close() {},
  };
}
