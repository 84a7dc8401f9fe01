import { type FieldProblem, FLAG_TYPES, type FlagType } from '@switchyard/shared';
import { type FormEvent, useId, useState } from 'react';
import { useLiveEnvironment, useRuleset } from '../state/live-environment.js';
import { emptyNewFlag, type NewFlagDraft, newFlagInput } from '../state/new-flag.js';
import { useApi } from '../state/session.js';
import { useWrite } from '../state/use-write.js';
import { CreateFormFooter } from './create-form-footer.js';
import { Dialog } from './dialog.js';
import { FieldProblems, invalidProps } from './field-problems.js';

interface CreateFlagDialogProps {
  open: boolean;
  onClose(): void;
  onCreated(key: string): void;
}

export function CreateFlagDialog({ open, onClose, onCreated }: CreateFlagDialogProps) {
  const id = useId();
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const { flags } = useRuleset();
  const write = useWrite();
  const [draft, setDraft] = useState<NewFlagDraft>(emptyNewFlag);
  const [submitted, setSubmitted] = useState(false);
  const set = (patch: Partial<NewFlagDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const checked = newFlagInput(draft);
  const exists: FieldProblem[] =
    draft.key.trim() in flags ? [{ path: 'key', message: 'a flag with this key exists already' }] : [];
  const serverProblems = write.state.status === 'invalid' ? write.state.problems : [];
  const problems = submitted ? [...exists, ...checked.problems, ...serverProblems] : serverProblems;

  const close = () => {
    setDraft(emptyNewFlag());
    setSubmitted(false);
    write.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (exists.length > 0 || checked.problems.length > 0) return;
    // Created once for every environment; refused if this one has the key (made elsewhere meanwhile).
    const created = await write.run(() => api.createFlagEverywhere(env, checked.input));
    if (created !== undefined) {
      store.upsertFlag(created.flag);
      close();
      onCreated(created.flag.key);
    }
  };

  return (
    <Dialog open={open} title={`New flag in ${env}`} onClose={close}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            value={draft.key}
            placeholder="new-checkout"
            autoComplete="off"
            onChange={(e) => set({ key: e.target.value })}
            {...invalidProps(problems, 'key', `${id}-key-problems`)}
          />
          <FieldProblems id={`${id}-key-problems`} problems={problems} path="key" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(e) => set({ type: e.target.value as FlagType })}
          >
            {FLAG_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        {draft.type !== 'boolean' && (
          <div className="field">
            <label htmlFor={`${id}-variants`}>
              Variants (name = value, one per line; the first is the default)
            </label>
            <textarea
              id={`${id}-variants`}
              rows={3}
              value={draft.variantsText}
              placeholder={
                draft.type === 'number' ? 'low = 10\nhigh = 50' : 'control = blue\ntreatment = green'
              }
              onChange={(e) => set({ variantsText: e.target.value })}
              {...invalidProps(problems, 'variants', `${id}-variants-problems`)}
            />
            <FieldProblems id={`${id}-variants-problems`} problems={problems} path="variants" />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags (comma-separated)</label>
          <input id={`${id}-tags`} value={draft.tags} onChange={(e) => set({ tags: e.target.value })} />
          <FieldProblems id={`${id}-tags-problems`} problems={problems} path="tags" />
        </div>
        {draft.type === 'boolean' && (
          <p className="muted">A new boolean flag is on at 0%: nobody gets it until you ramp it.</p>
        )}
        <p className="muted" data-testid="every-environment">
          The flag is created in every environment: as set here in {env}, and off in the others (same type,
          variants and description) until someone turns it on there.
        </p>
        <CreateFormFooter
          problems={problems}
          write={write}
          what="the flag"
          submitLabel="Create flag"
          onClose={close}
        />
      </form>
    </Dialog>
  );
}
