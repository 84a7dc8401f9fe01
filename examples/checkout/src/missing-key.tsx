import type { ReactElement } from 'react';

/** Shown when neither `?key=` nor `VITE_SWITCHYARD_CLIENT_KEY` gave a client key. */
export function MissingKey({ url }: { url: string }): ReactElement {
  return (
    <main className="missing-key" data-testid="missing-key">
      <h1>A client key is needed</h1>
      <p>
        This example reads flags from the Switchyard server at <code>{url}</code> with a <b>client</b> key of
        an environment. Create one with the admin API (see the example's README) and open this page with{' '}
        <code>?key=sy_client_...</code>, or build it with <code>VITE_SWITCHYARD_CLIENT_KEY</code> set.
      </p>
    </main>
  );
}
