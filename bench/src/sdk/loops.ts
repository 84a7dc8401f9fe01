import type { ContextOrUserId, Evaluator } from '@switchyard/shared';
import type { SwitchyardClient } from '../../../packages/sdk-node/src/index.js';
import { FLAG_KEY } from '../engine/scenarios.js';

// One loop per subject, so that each call site sees one receiver and stays monomorphic, as in the
// engine benchmark. Each returns how many evaluations were on, which the harness compares.

/** The bare engine: `createEvaluator(ruleset).isEnabled`. */
export function countEngine(evaluator: Evaluator, inputs: readonly ContextOrUserId[]): number {
  let on = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (evaluator.isEnabled(FLAG_KEY, inputs[i] as ContextOrUserId)) on++;
  }
  return on;
}

/** The Node SDK: `client.isEnabled`, which evaluates with the same engine and counts the evaluation. */
export function countClient(client: SwitchyardClient, inputs: readonly ContextOrUserId[]): number {
  let on = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (client.isEnabled(FLAG_KEY, inputs[i] as ContextOrUserId)) on++;
  }
  return on;
}
