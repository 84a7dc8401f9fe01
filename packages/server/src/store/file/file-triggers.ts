import { flagEventAudit, triggerAudit } from '../audit-log.js';
import { triggerRecordSchema } from '../records.js';
import type { FlagStore } from '../types.js';
import type { StateWriter } from './state-writer.js';

export type FileTriggers = Pick<
  FlagStore,
  'createTrigger' | 'listTriggers' | 'findTriggerByHash' | 'deleteTrigger' | 'appendFlagAudit'
>;

/** Alert triggers, journalled with their audit entries, so a trigger and its entry are durable together. */
export function fileTriggers(writer: StateWriter): FileTriggers {
  const { state } = writer;
  return {
    async createTrigger(trigger, input) {
      const checked = triggerRecordSchema.parse(trigger);
      await writer.write(async () => {
        writer.environment(checked.environment);
        const audit = triggerAudit(input, null, checked);
        await writer.commit({
          type: 'trigger',
          environment: checked.environment,
          id: checked.id,
          trigger: checked,
          audit,
        });
      });
    },
    async listTriggers(environment) {
      return structuredClone([...state.triggers.values()].filter((t) => t.environment === environment));
    },
    async findTriggerByHash(tokenHash) {
      for (const trigger of state.triggers.values())
        if (trigger.tokenHash === tokenHash) return structuredClone(trigger);
      return undefined;
    },
    async deleteTrigger(environment, id, input) {
      return writer.write(async () => {
        const current = state.triggers.get(id);
        if (current === undefined || current.environment !== environment) return false;
        const audit = triggerAudit(input, current, null);
        await writer.commit({ type: 'trigger', environment, id, trigger: null, audit });
        return true;
      });
    },
    async appendFlagAudit(environment, flag, input) {
      await writer.write(async () => {
        writer.environment(environment);
        await writer.commit({ type: 'audit', environment, audit: flagEventAudit(input, environment, flag) });
      });
    },
  };
}
