import { scheduleSchema } from '@switchyard/shared';
import type { FlagStore } from '../types.js';
import type { StateWriter } from './state-writer.js';
import { scheduleKey } from './store-state.js';

/** Scheduled changes, journalled, compare-and-set on their revision. */
export function fileSchedules(
  writer: StateWriter,
): Pick<FlagStore, 'listSchedules' | 'compareAndSetSchedule'> {
  const { state } = writer;
  return {
    async listSchedules() {
      return structuredClone([...state.schedules.values()]);
    },
    async compareAndSetSchedule(environment, id, expectedRevision, next) {
      const checked = next === null ? null : scheduleSchema.parse(next);
      return writer.write(async () => {
        const current = state.schedules.get(scheduleKey(environment, id));
        if ((current?.revision ?? null) !== expectedRevision) return false;
        await writer.commit({ type: 'schedule', environment, id, schedule: checked });
        return true;
      });
    },
  };
}
