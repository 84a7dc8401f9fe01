import type { Environment } from '@switchyard/shared';
import { useId } from 'react';
import { Link, useLocation } from 'wouter';
import { useLiveEnvironment } from '../state/live-environment.js';
import { useSession } from '../state/session.js';
import { LiveStatus } from './live-status.js';

/**
 * Environment picker, sections, live status and sign-out, on every signed-in page, over a banner in
 * the environment's color that no one mistakes: red for a critical (production-like) one.
 */
export function AppHeader({ environments }: { environments: readonly Environment[] }) {
  const id = useId();
  const { env, environment, status } = useLiveEnvironment();
  const critical = environment.critical === true;
  const { signOut } = useSession();
  const [location, navigate] = useLocation();
  const part = location.split('/')[2];
  const section = part === 'segments' || part === 'keys' ? part : 'flags';

  return (
    <>
      <SkipLink />
      <header className={`app-header ${critical ? 'env-critical' : 'env-normal'}`}>
        <Link href={`/${env}/flags`} className="brand">
          Switchyard
        </Link>
        <div className="env-picker">
          <label htmlFor={`${id}-env`}>Environment</label>
          {/* Switching keeps the page: the same flag or segment in the other environment. */}
          <select
            id={`${id}-env`}
            value={env}
            onChange={(e) => navigate(location.replace(/^\/[^/]+/, `/${encodeURIComponent(e.target.value)}`))}
          >
            {environments.map((e) => (
              <option key={e.key} value={e.key}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <nav aria-label="Sections">
          <Link href={`/${env}/flags`} aria-current={section === 'flags' ? 'page' : undefined}>
            Flags
          </Link>
          <Link href={`/${env}/segments`} aria-current={section === 'segments' ? 'page' : undefined}>
            Segments
          </Link>
          <Link href={`/${env}/keys`} aria-current={section === 'keys' ? 'page' : undefined}>
            API keys
          </Link>
        </nav>
        <LiveStatus status={status} />
        <button type="button" className="link" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <div className={`env-banner ${critical ? 'critical' : 'normal'}`} data-testid="env-banner">
        <strong>{environment.name}</strong>
        {critical
          ? ' · critical environment: changes reach real users; each one is reviewed before it is applied'
          : ' · changes apply at once'}
      </div>
    </>
  );
}

/** The first stop of Tab: straight to the page's content (`#main`, in app.tsx), past the header. */
function SkipLink() {
  return (
    <a href="#main" className="skip-link">
      Skip to content
    </a>
  );
}
