import { Redirect, Route, Router, Switch, useRoute } from 'wouter';
import { AppHeader } from './components/app-header.js';
import { RenewSessionDialog } from './components/renew-session-dialog.js';
import { ApiKeysPage } from './pages/api-keys-page.js';
import { ArchivedFlagsPage } from './pages/archived-flags-page.js';
import { FlagListPage } from './pages/flag-list-page.js';
import { FlagPage } from './pages/flag-page.js';
import { SegmentListPage } from './pages/segment-list-page.js';
import { SegmentPage } from './pages/segment-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { LiveEnvironmentProvider, useLiveEnvironment } from './state/live-environment.js';
import { SessionProvider, useApi, useSession } from './state/session.js';
import { useResource } from './state/use-resource.js';

/** Where the server serves the console; client-side routes live under it. */
export const BASE_PATH = '/admin';

export function App() {
  return (
    <SessionProvider>
      <Router base={BASE_PATH}>
        <SignedIn />
      </Router>
    </SessionProvider>
  );
}

function SignedIn() {
  const { api } = useSession();
  if (api === null) return <SignInPage />;
  return (
    <>
      <Environments />
      <RenewSessionDialog />
    </>
  );
}

function Environments() {
  const api = useApi();
  const environments = useResource(() => api.listEnvironments(), [api]);
  const [inEnvironment, params] = useRoute<{ env: string }>('/:env/*?');
  const list = environments.data;

  if (list === undefined) {
    return (
      <main>
        <p className="muted">{environments.error ?? 'Loading environments…'}</p>
      </main>
    );
  }
  const first = list.find((e) => e.key === 'production') ?? list[0];
  const environment = inEnvironment ? list.find((e) => e.key === params.env) : undefined;
  if (!inEnvironment || environment === undefined) {
    if (first === undefined) {
      return (
        <main>
          <p>There are no environments yet. Create one with the admin API (POST /api/v1/environments).</p>
        </main>
      );
    }
    if (inEnvironment) {
      return (
        <main>
          <p>
            There is no environment "{params.env}".{' '}
            <a href={`${BASE_PATH}/${first.key}/flags`}>Go to {first.name}</a>
          </p>
        </main>
      );
    }
    return <Redirect to={`/${first.key}/flags`} replace />;
  }
  return (
    <LiveEnvironmentProvider key={params.env} environment={environment}>
      <AppHeader environments={list} />
      {/* The skip link's target: focusable by it only. */}
      <div id="main" tabIndex={-1} className="page-content">
        <EnvironmentRoutes />
      </div>
    </LiveEnvironmentProvider>
  );
}

function EnvironmentRoutes() {
  const { env, refused } = useLiveEnvironment();
  if (refused !== null) {
    return (
      <main>
        <p className="notice error" role="alert">
          The server refused to show {env}: {refused}
        </p>
      </main>
    );
  }
  return (
    <Switch>
      <Route path="/:env/flags">
        <FlagListPage />
      </Route>
      <Route path="/:env/flags/:key">{(params) => <FlagPage key={params.key} flagKey={params.key} />}</Route>
      <Route path="/:env/archived">
        <ArchivedFlagsPage />
      </Route>
      <Route path="/:env/segments">
        <SegmentListPage />
      </Route>
      <Route path="/:env/keys">
        <ApiKeysPage />
      </Route>
      <Route path="/:env/segments/:key">
        {(params) => <SegmentPage key={params.key} segmentKey={params.key} />}
      </Route>
      <Route>
        <Redirect to={`/${env}/flags`} replace />
      </Route>
    </Switch>
  );
}
