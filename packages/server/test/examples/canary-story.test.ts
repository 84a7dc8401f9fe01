import { describe, expect, it } from 'vitest';
import { PLAN, runCanaryStory } from '../../../../examples/canary/src/story.js';

/**
 * examples/canary end to end, as `pnpm canary` runs it: the real server, Prometheus, Alertmanager,
 * the instrumented service under load and a Slack-style webhook receiver.
 */
describe('the canary example', () => {
  it('ramps, rolls back by itself when the new path fails, and the webhook gets the Slack messages', async () => {
    const lines: string[] = [];
    const result = await runCanaryStory({ log: (line) => lines.push(line), timeoutMs: 240_000 });

    expect(result.rollbackReason).toMatch(
      /^rolled back to 0%: Prometheus http-5xx: [\d.]+ > 0.005 for \d+ s$/,
    );
    const forSeconds = PLAN.guards.prometheus[0]?.forSeconds ?? 0;
    // forSeconds, the 5 s rate window and a few 1 s scrapes.
    expect(result.rollbackSeconds).toBeGreaterThanOrEqual(forSeconds);
    expect(result.rollbackSeconds).toBeLessThan(forSeconds + 5 + 10);

    const slack = result.slackMessages;
    expect(slack[0]).toMatch(/^Guarded rollout of \*new-checkout\* in \*production\*: running at 5%/);
    expect(slack).toContainEqual(expect.stringMatching(/: running at 50% — 25% → 50%/));
    expect(slack).toContainEqual(
      expect.stringMatching(/: rolled back at 50% \(was running\) — rolled back to 0%: Prometheus http-5xx/),
    );
    expect(slack.at(-1)).toBe(
      'Alert trigger fired on *new-checkout* in *production* (alert NewCheckoutErrors): flag.disable, now off',
    );
    expect(result.disabledByAlert).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^rolled back by itself after [\d.]+ s/));
  }, 300_000);
});
