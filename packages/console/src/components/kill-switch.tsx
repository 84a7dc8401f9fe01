import type { Flag } from '@switchyard/shared';
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.js';

interface KillSwitchProps {
  flag: Flag;
  environment: string;
  busy: boolean;
  /** The change goes through "Review and apply", which asks instead of this component. */
  reviewed: boolean;
  /** `version` is the one the user saw when they asked, sent as If-Match. */
  onSet(enabled: boolean, version: number): void;
}

/** On/off for everyone, with a confirmation: off serves the off variant to every user at once. */
export function KillSwitch({ flag, environment, busy, reviewed, onSet }: KillSwitchProps) {
  const [asked, setAsked] = useState<{ enabled: boolean; version: number } | null>(null);
  const next = !flag.enabled;

  return (
    <div className="kill-switch">
      <p className={`state-line ${flag.enabled ? 'on' : 'off'}`}>
        <span className={`badge ${flag.enabled ? 'on' : 'off'}`} data-testid="flag-state">
          {flag.enabled ? 'On' : 'Off'}
        </span>{' '}
        {flag.enabled ? 'Serving its targets, rules and rollout.' : `Everyone gets "${flag.offVariant}".`}
      </p>
      <p data-testid="when-off">When off, serve "{flag.offVariant}".</p>
      <button
        type="button"
        className={flag.enabled ? 'danger' : 'primary'}
        disabled={busy}
        onClick={() =>
          reviewed ? onSet(next, flag.version) : setAsked({ enabled: next, version: flag.version })
        }
      >
        {flag.enabled ? 'Turn off (kill switch)…' : 'Turn on…'}
      </button>
      <ConfirmDialog
        open={asked !== null}
        title={asked?.enabled ? `Turn on ${flag.key}?` : `Turn off ${flag.key}?`}
        confirmLabel={asked?.enabled ? 'Turn on' : 'Turn off'}
        danger={asked?.enabled === false}
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          if (asked !== null) onSet(asked.enabled, asked.version);
          setAsked(null);
        }}
      >
        {asked?.enabled ? (
          <p>
            Users in <strong>{environment}</strong> get its targets, rules and rollout again, at once.
          </p>
        ) : (
          <p>
            Every user in <strong>{environment}</strong> gets <strong>"{flag.offVariant}"</strong> at once,
            whatever the rules and rollout say.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
