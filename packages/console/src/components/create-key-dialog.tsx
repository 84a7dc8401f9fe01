import {
  API_KEY_KINDS,
  type ApiKeyKind,
  type CreatedApiKey,
  type Environment,
  type FieldProblem,
} from '@switchyard/shared';
import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../state/session.js';
import { useWrite } from '../state/use-write.js';
import { CreateFormFooter } from './create-form-footer.js';
import { Dialog } from './dialog.js';
import { FieldProblems, invalidProps } from './field-problems.js';
import { KeySecret } from './key-secret.js';

/** What each kind of key may do, in the words the create form shows. */
export const KIND_HELP: Record<ApiKeyKind, string> = {
  client: 'Client: for browsers and apps (public); evaluates flags of one environment for one user',
  server: 'Server: for back ends (secret); reads the whole ruleset of one environment',
  admin: 'Admin: changes flags, segments and keys (secret); every environment',
};

interface CreateKeyDialogProps {
  open: boolean;
  environments: readonly Environment[];
  /** The environment the console is in: the default for a new key. */
  env: string;
  onClose(): void;
  onCreated(): void;
}

/** Creates a key, then shows its secret once, with a copy button, until the dialog is closed. */
export function CreateKeyDialog({ open, environments, env, onClose, onCreated }: CreateKeyDialogProps) {
  const id = useId();
  const api = useApi();
  const write = useWrite();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ApiKeyKind>('server');
  const [environment, setEnvironment] = useState(env);
  const [submitted, setSubmitted] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const local: FieldProblem[] = name.trim() === '' ? [{ path: 'name', message: 'must not be empty' }] : [];
  const serverProblems = write.state.status === 'invalid' ? write.state.problems : [];
  const problems = submitted ? [...local, ...serverProblems] : serverProblems;

  const close = () => {
    setName('');
    setSubmitted(false);
    setCreated(null);
    write.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (local.length > 0) return;
    const input = { name: name.trim(), kind, ...(kind === 'admin' ? {} : { environment }) };
    const key = await write.run(() => api.createKey(input));
    if (key !== undefined) {
      setCreated(key);
      onCreated();
    }
  };

  if (created !== null) {
    return (
      <Dialog open={open} title={`Key "${created.name}" created`} onClose={close}>
        <KeySecret secret={created.secret} />
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={close}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} title="New API key" onClose={close}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            placeholder="checkout web app"
            autoComplete="off"
            data-initial-focus
            onChange={(e) => setName(e.target.value)}
            {...invalidProps(problems, 'name', `${id}-name-problems`)}
          />
          <FieldProblems id={`${id}-name-problems`} problems={problems} path="name" />
        </div>
        <fieldset className="field kind-choice">
          <legend>Kind</legend>
          {API_KEY_KINDS.map((k) => (
            <label key={k}>
              <input type="radio" name={`${id}-kind`} checked={kind === k} onChange={() => setKind(k)} />
              {KIND_HELP[k]}
            </label>
          ))}
        </fieldset>
        {kind !== 'admin' && (
          <div className="field">
            <label htmlFor={`${id}-env`}>Environment</label>
            <select id={`${id}-env`} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
              {environments.map((e) => (
                <option key={e.key} value={e.key}>
                  {e.name}
                </option>
              ))}
            </select>
            <FieldProblems id={`${id}-env-problems`} problems={problems} path="environment" />
          </div>
        )}
        <CreateFormFooter
          problems={problems}
          write={write}
          what="the key"
          submitLabel="Create key"
          onClose={close}
        />
      </form>
    </Dialog>
  );
}
