import { readFileSync } from 'node:fs';
import { planInputSchema } from '@switchyard/shared';
import { expect, it } from 'vitest';

it('the documented playbook plan is valid and encodes its three triggers', () => {
  const text = readFileSync(new URL('../../docs/playbook-plan.json', import.meta.url), 'utf8');
  const plan = planInputSchema.parse(JSON.parse(text));
  expect(
    plan.guards.prometheus?.map(({ name, max, maxRatioToControl, forSeconds }) => ({
      name,
      max,
      maxRatioToControl,
      forSeconds,
    })),
  ).toEqual([
    // error rate > 1% for 2 minutes
    { name: 'error-rate', max: 0.01, maxRatioToControl: undefined, forSeconds: 120 },
    // p95 latency > 2x baseline (the control)
    { name: 'p95-latency', max: undefined, maxRatioToControl: 2, forSeconds: 120 },
    // any HTTP 5xx > 0.5%
    { name: 'http-5xx', max: 0.005, maxRatioToControl: undefined, forSeconds: 120 },
  ]);
  for (const check of plan.guards.prometheus ?? []) {
    expect(check.query).toContain('flag_variant="{{variant}}"');
    // A healthy service has no error series at all: without `or vector(0)` the ratio is an empty
    // result, which holds the plan and pauses it (found running examples/canary on real Prometheus).
    if (check.name !== 'p95-latency')
      expect(check.query).toMatch(/^\(sum\(rate\(.*\)\) or vector\(0\)\) \/ /);
  }
});
