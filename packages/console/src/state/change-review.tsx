import type { Environment, Flag, FlagInput } from '@switchyard/shared';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

/** One change to a flag, before it is made: what it is now, what it would be, and how to make it. */
export interface ProposedChange {
  /** The dialog's title: "Ramp new-checkout to 25%". */
  title: string;
  before: Flag;
  after: FlagInput;
  /** Makes the change with the reason the person gave; undefined when the write was refused. */
  apply(reason: string | undefined): Promise<Flag | undefined>;
  /** The environment changed, when it is not the page's ("Copy targeting to …"); its own rule applies. */
  environment?: Environment;
}

/** A change just made, offered for undo for a short while. */
export interface AppliedChange {
  title: string;
  before: Flag;
  saved: Flag;
  /** The environment it was made in, when it is not the page's. */
  environment?: string;
}

export interface ChangeReview {
  /** True in a critical (production-like) environment: every change is reviewed before it is made. */
  critical: boolean;
  /**
   * Makes `change` at once, or, in a critical environment, after the person reviewed and applied it.
   * Resolves to the saved flag; undefined when it was cancelled or refused.
   */
  submit(change: ProposedChange): Promise<Flag | undefined>;
  /** The change waiting in "Review and apply", if any. */
  pending: ProposedChange | null;
  confirm(reason: string | undefined): Promise<void>;
  cancel(): void;
  /** The last change made, while it can still be undone. */
  applied: AppliedChange | null;
  dismissApplied(): void;
}

const ChangeReviewContext = createContext<ChangeReview | null>(null);

/** How long Undo is offered after a change. */
export const UNDO_MS = 20_000;

/**
 * Holds the flag page's one change in review (a promise the page awaits) and the last applied
 * change, so every control of the page (ramp, kill switch, edits) goes through the same dialog.
 */
export function ChangeReviewProvider({ critical, children }: { critical: boolean; children: ReactNode }) {
  const [pending, setPending] = useState<ProposedChange | null>(null);
  const [applied, setApplied] = useState<AppliedChange | null>(null);
  const resolveRef = useRef<((flag: Flag | undefined) => void) | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const remember = useCallback((change: ProposedChange, saved: Flag) => {
    clearTimeout(timer.current);
    const environment = change.environment?.key;
    setApplied({
      title: change.title,
      before: change.before,
      saved,
      ...(environment ? { environment } : {}),
    });
    timer.current = setTimeout(() => setApplied(null), UNDO_MS);
  }, []);

  const submit = useCallback(
    async (change: ProposedChange) => {
      if (!(change.environment?.critical ?? critical)) {
        const saved = await change.apply(undefined);
        if (saved !== undefined) remember(change, saved);
        return saved;
      }
      resolveRef.current?.(undefined);
      setPending(change);
      return new Promise<Flag | undefined>((resolve) => {
        resolveRef.current = resolve;
      });
    },
    [critical, remember],
  );

  const finish = useCallback((saved: Flag | undefined) => {
    setPending(null);
    resolveRef.current?.(saved);
    resolveRef.current = null;
  }, []);

  const value = useMemo<ChangeReview>(
    () => ({
      critical,
      submit,
      pending,
      async confirm(reason) {
        if (pending === null) return;
        const saved = await pending.apply(reason);
        if (saved !== undefined) remember(pending, saved);
        finish(saved);
      },
      cancel: () => finish(undefined),
      applied,
      dismissApplied: () => setApplied(null),
    }),
    [critical, submit, pending, applied, remember, finish],
  );
  return <ChangeReviewContext.Provider value={value}>{children}</ChangeReviewContext.Provider>;
}

export function useChangeReview(): ChangeReview {
  const review = useContext(ChangeReviewContext);
  if (review === null) throw new Error('useChangeReview needs a <ChangeReviewProvider>');
  return review;
}
