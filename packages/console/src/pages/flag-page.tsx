import { type Flag, type FlagInput, percentageOf, rampFallthrough } from '@switchyard/shared';
import { useState } from 'react';
import { Link } from 'wouter';
import { ArchiveControl } from '../components/archive-control.js';
import { CopyTargeting } from '../components/copy-targeting.js';
import { DetailsEditor } from '../components/details-editor.js';
import { HistoryPanel } from '../components/history-panel.js';
import { KillSwitch } from '../components/kill-switch.js';
import { ManagedNotice, managedReason } from '../components/managed-notice.js';
import { MetricsPanel } from '../components/metrics-panel.js';
import { PercentageControl } from '../components/percentage-control.js';
import { PlanPanel } from '../components/plan-panel.js';
import { ReviewDialog } from '../components/review-dialog.js';
import { RulesEditor } from '../components/rules-editor.js';
import { SchedulesPanel } from '../components/schedules-panel.js';
import { TargetsEditor } from '../components/targets-editor.js';
import { TriggersPanel } from '../components/triggers-panel.js';
import { UndoNotice } from '../components/undo-notice.js';
import { WriteNotice } from '../components/write-notice.js';
import { ChangeReviewProvider, useChangeReview } from '../state/change-review.js';
import { withoutVersion } from '../state/flag-draft.js';
import { describeFallthrough, formatPercent } from '../state/flag-facts.js';
import { useLiveEnvironment, useLiveFlag, useRuleset } from '../state/live-environment.js';
import { useApi } from '../state/session.js';
import { useAuditPages } from '../state/use-audit-pages.js';
import { useReloadFlag } from '../state/use-reload-flag.js';
import { useResource } from '../state/use-resource.js';
import { useWrite } from '../state/use-write.js';

/** Where a write of the page was asked for: its outcome is shown there, next to the button pressed. */
type Origin = 'switch' | 'ramp' | 'history';

/**
 * One flag: kill switch, percentage, guarded rollout, evaluations, targeting and its history,
 * kept live.
 */
export function FlagPage({ flagKey }: { flagKey: string }) {
  const flag = useLiveFlag(flagKey);
  const { ready } = useRuleset();
  const { env, environment } = useLiveEnvironment();

  if (flag === undefined) {
    return (
      <main>
        <p>
          <Link href={`/${env}/flags`}>← Flags</Link>
        </p>
        <p className="muted">{ready ? `There is no flag "${flagKey}" in ${env}.` : 'Loading…'}</p>
      </main>
    );
  }
  return (
    <ChangeReviewProvider critical={environment.critical === true}>
      <FlagView flag={flag} />
      <ReviewDialog environmentName={environment.name} />
      <UndoNotice />
    </ChangeReviewProvider>
  );
}

function FlagView({ flag }: { flag: Flag }) {
  const api = useApi();
  const { env, store } = useLiveEnvironment();
  const reloadFlag = useReloadFlag(flag.key);
  const write = useWrite();
  const [origin, setOrigin] = useState<Origin>('switch');
  const review = useChangeReview();
  const busy = write.state.status === 'busy';
  const percentage = percentageOf(flag);

  // History and the chart's change markers follow the flag's version.
  const history = useAuditPages(env, flag.key, flag.version);
  const audit = useResource(
    () => api.audit({ environment: env, flag: flag.key, limit: 200 }),
    [api, env, flag.key, flag.version],
  );
  // A flag the server's flags file owns: its drift from the file follows the flag's version.
  const managed = managedReason(flag);
  const flagsFile = useResource(
    async () => (managed === null ? undefined : api.flagsFileStatus(env)),
    [api, env, managed, flag.version],
  );

  /** Every change goes through review (at once outside critical environments), then Undo is offered. */
  const apply = (
    from: Origin,
    title: string,
    after: FlagInput,
    change: (reason: string | undefined) => Promise<Flag>,
  ) => {
    setOrigin(from);
    return review.submit({
      title,
      before: flag,
      after,
      async apply(reason) {
        const saved = await write.run(() => change(reason));
        if (saved !== undefined) store.upsertFlag(saved);
        return saved;
      },
    });
  };
  /** The outcome of a refused write, shown where it was asked for (it takes the focus). */
  const notice = (at: Origin) =>
    origin === at && (
      <WriteNotice
        state={write.state}
        what="this flag"
        onReload={() => void reload()}
        onDismiss={write.reset}
      />
    );
  const reload = async () => {
    const reloaded = await write.run(async () => {
      await reloadFlag();
      return true;
    });
    if (reloaded) write.reset();
  };

  return (
    <main className="flag-page">
      <p>
        <Link href={`/${env}/flags`}>← Flags</Link>
      </p>
      <div className="page-header">
        <h1>{flag.key}</h1>
        <span className="muted" data-testid="flag-version">
          version {flag.version}
        </span>
      </div>
      {flag.description && <p className="lead">{flag.description}</p>}
      <ManagedNotice flag={flag} status={flagsFile.data} />

      <div className="columns">
        <div className="column">
          <p className="muted order-note">
            Read top to bottom: the first part that applies to a user serves them.
          </p>
          <section className="card" aria-labelledby="switch-heading">
            <h2 id="switch-heading">Kill switch</h2>
            <KillSwitch
              flag={flag}
              environment={env}
              busy={busy}
              reviewed={review.critical}
              onSet={(enabled, version) =>
                void apply(
                  'switch',
                  `Turn ${enabled ? 'on' : 'off'} ${flag.key}`,
                  { ...withoutVersion(flag), enabled },
                  (reason) => api.setEnabled(env, flag.key, enabled, version, reason),
                )
              }
            />
            {notice('switch')}
          </section>
          {/* Everything below but the kill switch is the file's to change on a managed flag. */}
          <fieldset className="managed-lock" disabled={managed !== null} title={managed ?? undefined}>
            <TargetsEditor flag={flag} />
            <RulesEditor flag={flag} />
            <section
              className={`card${flag.enabled ? '' : ' inactive'}`}
              aria-labelledby="rollout-heading"
              data-testid="everyone-else"
            >
              <h2 id="rollout-heading">Everyone else: {describeFallthrough(flag)}</h2>
              {!flag.enabled && (
                <p className="inactive-reason">
                  Not served while the flag is off: everyone gets "{flag.offVariant}".
                </p>
              )}
              {percentage === null ? (
                <p>
                  Default: {describeFallthrough(flag)}. Percentages apply to boolean flags; edit the rules to
                  split a {flag.type} flag.
                </p>
              ) : (
                <PercentageControl
                  percentage={percentage}
                  busy={busy}
                  reviewed={review.critical}
                  onRamp={(p) =>
                    apply(
                      'ramp',
                      `Ramp ${flag.key} to ${formatPercent(p)}`,
                      rampFallthrough(withoutVersion(flag), p),
                      (reason) => api.rampFlag(env, flag.key, p, flag.version, reason),
                    )
                  }
                />
              )}
              {notice('ramp')}
            </section>
            {percentage !== null && <PlanPanel flag={flag} />}
            <SchedulesPanel flag={flag} />
            <DetailsEditor flag={flag} />
            <ArchiveControl flag={flag} />
          </fieldset>
          <CopyTargeting flag={flag} />
        </div>
        <div className="column">
          <MetricsPanel flagKey={flag.key} audit={audit.data ?? []} />
          <fieldset className="managed-lock" disabled={managed !== null} title={managed ?? undefined}>
            <HistoryPanel
              flag={flag}
              history={history}
              busy={busy}
              reviewed={review.critical}
              onRestore={(old, seen) =>
                void apply(
                  'history',
                  `Restore version ${old.version} of ${flag.key}`,
                  withoutVersion(old),
                  (reason) => api.restoreFlag(env, flag.key, old.version, seen, reason),
                )
              }
            />
            {notice('history')}
          </fieldset>
          <TriggersPanel flag={flag} />
        </div>
      </div>
    </main>
  );
}
