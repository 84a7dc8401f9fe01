import type { Plan, PlanAction } from '@switchyard/shared';
import { noPlan } from '../api/failures.js';
import { parseKey } from '../cli/arguments.js';
import type { Command } from '../cli/command.js';
import { PLAN_OPTIONS, planInputOf } from '../cli/plan-options.js';
import { nextStepLine, planPosition, planSummary, stepsLine } from '../format/plan-summary.js';
import { printJson } from './output.js';

const PLAN_HELP = [
  'A guarded rollout ramps a boolean flag through its steps, one interval each, while the treatment',
  '(on) does as well as the control (off) in what the SDKs report, and rolls it back by itself when',
  'a guard trips. Commands: flags plan <key> (show), flags plan start|pause|resume|abort <key>.',
  'For a flag named start, pause, resume, abort or show, use: switchyard flags plan show <key>.',
].join('\n');

function showCommand(name: readonly string[]): Command {
  return {
    name,
    args: ['<key>'],
    summary:
      name.length === 2
        ? "show a flag's guarded rollout: state, steps, guards, last decision and its numbers"
        : 'the same as flags plan <key>',
    description: PLAN_HELP,
    examples: ['switchyard flags plan new-checkout', 'switchyard flags plan new-checkout --json'],
    async run(ctx, [key = '']) {
      const flagKey = parseKey(key, 'flag key');
      const { data, json } = await ctx.client.getPlan(ctx.env, flagKey);
      if (ctx.json) return printJson(ctx, json);
      if (data.plan === null) throw noPlan(ctx.env, flagKey);
      ctx.print(planSummary(data.plan, Date.now()));
    },
  };
}

const start: Command = {
  name: ['flags', 'plan', 'start'],
  args: ['<key>'],
  summary: 'start (or replace) a guarded rollout of a boolean flag: it goes to the first step at once',
  description: [
    PLAN_HELP,
    '',
    'The plan is checked before anything is sent (exit code 2). Options left out take the defaults',
    'shown. Starting a plan on a flag that has one replaces it, back at the first step.',
  ].join('\n'),
  options: PLAN_OPTIONS,
  examples: [
    'switchyard flags plan start new-checkout --steps 1,5,25,50,100',
    'switchyard flags plan start new-checkout --steps 5,25,100 --interval 30m --max-error-rate 0.5% --on-regression disable',
  ],
  async run(ctx, [key = ''], options) {
    const flagKey = parseKey(key, 'flag key');
    const input = planInputOf(options);
    const { data: plan, json } = await ctx.client.startPlan(ctx.env, flagKey, input);
    if (ctx.json) return printJson(ctx, json);
    const replaced = plan.revision > 1 ? " (it replaces the flag's earlier plan)" : '';
    ctx.print(
      [
        `${flagKey}: guarded rollout started at ${planPosition(plan)}${replaced}`,
        `steps      ${stepsLine(plan)}`,
        `next step  ${nextStepLine(plan, Date.now())}, if the guards hold`,
        `watch it:  switchyard flags plan ${flagKey} --env ${ctx.env}`,
      ].join('\n'),
    );
  },
};

const CONTROLS: Record<PlanAction, { summary: string; after: string }> = {
  pause: {
    summary: 'pause a running plan: the flag stays where it is',
    after: 'the flag stays as it is until you resume or abort the plan',
  },
  resume: {
    summary: "resume a paused plan: the flag goes back on, at the plan's current step",
    after: '',
  },
  abort: {
    summary: 'end a running or paused plan for good: the flag stays where it is',
    after: 'the flag stays as it is; ramp, disable or start a new plan by hand',
  },
};

function controlCommand(action: PlanAction): Command {
  return {
    name: ['flags', 'plan', action],
    args: ['<key>'],
    summary: CONTROLS[action].summary,
    description: PLAN_HELP,
    examples: [`switchyard flags plan ${action} new-checkout`],
    async run(ctx, [key = '']) {
      const flagKey = parseKey(key, 'flag key');
      const { data: plan, json } = await ctx.client.controlPlan(ctx.env, flagKey, action);
      if (ctx.json) return printJson(ctx, json);
      ctx.print(controlled(action, flagKey, plan));
    },
  };
}

function controlled(action: PlanAction, flagKey: string, plan: Plan): string {
  const done = { pause: 'paused', resume: 'resumed', abort: 'aborted' }[action];
  const after =
    action === 'resume'
      ? `the flag is on at ${plan.steps[plan.stepIndex]}% again; next step ${nextStepLine(plan, Date.now())}, if the guards hold`
      : CONTROLS[action].after;
  return `${flagKey}: plan ${done} at ${planPosition(plan)}; ${after}`;
}

export const planCommands: readonly Command[] = [
  showCommand(['flags', 'plan']),
  start,
  controlCommand('pause'),
  controlCommand('resume'),
  controlCommand('abort'),
  showCommand(['flags', 'plan', 'show']),
];
