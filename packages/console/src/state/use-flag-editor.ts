import type { FieldProblem, Flag } from '@switchyard/shared';
import { useState } from 'react';
import { useChangeReview } from './change-review.js';
import { applyEdit, type FlagEdit } from './flag-draft.js';
import { useLiveEnvironment } from './live-environment.js';
import { useApi } from './session.js';
import { useReloadFlag } from './use-reload-flag.js';
import { useWrite, type Write } from './use-write.js';

export interface FlagEditor<D> {
  /** The draft being edited, or null when the section shows the live flag. */
  draft: D | null;
  /** The version the draft was opened from: Save sends it as If-Match. */
  baseVersion: number | null;
  /** True when the flag changed elsewhere since the draft was opened. */
  stale: boolean;
  /** Problems to show: the shared schema's (after a first Save) and the server's. */
  problems: FieldProblem[];
  write: Write;
  start(): void;
  change(draft: D): void;
  cancel(): void;
  save(): Promise<void>;
  /** Drops the draft and loads the flag as it is now (after a conflict). */
  reload(): Promise<void>;
}

/**
 * One section of a flag that is edited as a draft of the version the user opened, checked in the
 * browser with the shared schema, and saved with If-Match of that version.
 */
export function useFlagEditor<D>(
  flag: Flag,
  /** The section, for the review dialog's title: "targets". */
  what: string,
  fromFlag: (flag: Flag) => D,
  toEdit: (draft: D) => FlagEdit,
): FlagEditor<D> {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const reloadFlag = useReloadFlag(flag.key);
  const write = useWrite();
  const review = useChangeReview();
  const [session, setSession] = useState<{ base: Flag; draft: D; submitted: boolean } | null>(null);

  const checked = session === null ? null : applyEdit(session.base, toEdit(session.draft));
  const serverProblems = write.state.status === 'invalid' ? write.state.problems : [];
  const clientProblems = session?.submitted && checked ? checked.problems : [];

  return {
    draft: session?.draft ?? null,
    baseVersion: session?.base.version ?? null,
    stale: session !== null && session.base.version !== flag.version,
    problems: [...clientProblems, ...serverProblems],
    write,
    start() {
      write.reset();
      setSession({ base: flag, draft: fromFlag(flag), submitted: false });
    },
    change(draft) {
      setSession((s) => (s === null ? s : { ...s, draft }));
    },
    cancel() {
      write.reset();
      setSession(null);
    },
    async save() {
      if (session === null || checked === null) return;
      setSession({ ...session, submitted: true });
      if (checked.problems.length > 0) return;
      const saved = await review.submit({
        title: `Save the ${what} of ${flag.key}`,
        before: session.base,
        after: checked.input,
        apply: (reason) =>
          write.run(() => api.putFlag(env, flag.key, checked.input, session.base.version, reason)),
      });
      if (saved !== undefined) {
        store.upsertFlag(saved);
        setSession(null);
      }
    },
    async reload() {
      const reloaded = await write.run(async () => {
        await reloadFlag();
        return true;
      });
      if (reloaded) setSession(null);
    },
  };
}
