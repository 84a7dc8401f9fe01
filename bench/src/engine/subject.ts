import type { Scenario } from './scenarios.js';

/**
 * One SDK under test, set up offline with the scenario's flag. Each subject owns its evaluation loop so
 * that the call into the SDK stays monomorphic and the harness adds no indirection per evaluation.
 */
export interface Subject<Input = unknown> {
  readonly name: string;
  /** The npm package and its installed version, as printed in the results. */
  readonly packageName: string;
  /** Builds the SDK's evaluation context for each user id, before any timing starts. */
  inputs(ids: readonly string[]): Input[];
  /** Evaluates the flag once per input and returns how many evaluations were on. */
  countEnabled(inputs: readonly Input[]): number | Promise<number>;
  close(): void | Promise<void>;
}

export type SubjectFactory = (scenario: Scenario) => Promise<Subject>;
