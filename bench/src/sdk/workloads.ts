import type { ContextOrUserId } from '@switchyard/shared';
import { SCENARIOS, type Scenario, USER_COUNTRY, userIds } from '../engine/scenarios.js';

/**
 * Evaluations of a scenario's flag, cut into metrics windows: the SDK sends what it counted after
 * each window, and starts the next one from zero, as it does every `flushIntervalMs`.
 */
export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly scenario: Scenario;
  readonly windows: readonly (readonly ContextOrUserId[])[];
  /** Distinct user ids in each window. */
  readonly usersPerWindow: number;
}

export interface WorkloadSpec {
  readonly id: string;
  readonly title: string;
  /** Whether the SDK/engine target applies, or the row is shown for information. */
  readonly target: boolean;
  make(): Workload;
}

/** The engine benchmark's user ids: 1,000,000 distinct ones, `user-0` … `user-999999`. */
export const USERS = 1_000_000;
const RETURNING_USERS = 5_000;
const EVALUATIONS_PER_USER = 20;
const RETURNING_WINDOWS = USERS / (RETURNING_USERS * EVALUATIONS_PER_USER);

const [ROLLOUT, RULES] = SCENARIOS as readonly [Scenario, Scenario];

export const contextsFor = (scenario: Scenario, ids: readonly string[]): ContextOrUserId[] =>
  scenario.withRules ? ids.map((userId) => ({ userId, country: USER_COUNTRY })) : [...ids];

/** One of the engine benchmark's scenarios: each of the 1,000,000 ids evaluated once, in one window. */
function distinctUsers(scenario: Scenario): Workload {
  return {
    id: scenario.id,
    title: scenario.title,
    scenario,
    windows: [contextsFor(scenario, userIds(USERS))],
    usersPerWindow: USERS,
  };
}

/**
 * Scenario (a) with returning users: 5,000 users evaluated 20 times each in every window, in a
 * scattered order, each evaluation with a string of its own (as each request parses its own user
 * id). A window then holds 100,000 evaluations, a flag evaluated 10,000 times a second at the default
 * 10 s flush interval, and every variant sees far fewer distinct users than the SDK's bound, so the
 * SDK never stops looking at user ids for being full: its exposure counting costs the most here.
 */
function returningUsers(): Workload {
  const perWindow = RETURNING_USERS * EVALUATIONS_PER_USER;
  const windows = Array.from({ length: RETURNING_WINDOWS }, () =>
    Array.from({ length: perWindow }, (_, i) => `user-${(i * 7919) % RETURNING_USERS}`),
  );
  return { id: 'c', title: RETURNING_TITLE, scenario: ROLLOUT, windows, usersPerWindow: RETURNING_USERS };
}

const RETURNING_TITLE =
  `(a) with ${RETURNING_USERS.toLocaleString('en-US')} returning users, ` +
  `${EVALUATIONS_PER_USER} evaluations each per window`;

export const WORKLOADS: readonly WorkloadSpec[] = [
  { id: 'a', title: ROLLOUT.title, target: true, make: () => distinctUsers(ROLLOUT) },
  { id: 'b', title: RULES.title, target: true, make: () => distinctUsers(RULES) },
  { id: 'c', title: RETURNING_TITLE, target: false, make: returningUsers },
];
