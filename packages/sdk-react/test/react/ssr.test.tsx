// @vitest-environment jsdom
import { type Context, evaluateResponseSchema } from '@switchyard/shared';
import { act, waitFor } from '@testing-library/react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type BrowserClient,
  createBrowserClient,
  type FlagBootstrap,
} from '../../src/client/browser-client.js';
import { Feature } from '../../src/react/feature.js';
import { FlagProvider, type FlagProviderProps } from '../../src/react/flag-provider.js';
import { useVariation } from '../../src/react/use-flag-detail.js';
import { useFlags } from '../../src/react/use-flags.js';
import { useFlagsStatus } from '../../src/react/use-flags-status.js';
import { getFlagValues } from '../../src/server/get-flag-values.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

// Server rendering with values from getFlagValues, then hydration in the browser (jsdom) from the
// same values: the markup must match, React must report no mismatch, and the page then goes live.

let server: FakeFlagServer;
let root: Root | undefined;
let container: HTMLElement;
const context: Context = { userId: 'u-1' };
const user = { id: 'u-1' };

beforeEach(async () => {
  server = await startFakeFlagServer(() => ({
    'new-checkout': served(true),
    promo: served(true),
    theme: served('dark'),
  }));
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  container.remove();
  await server.close();
  vi.restoreAllMocks();
});

function App() {
  const { isEnabled } = useFlags();
  const { ready } = useFlagsStatus();
  const theme = useVariation('theme', 'light');
  return (
    <main data-ready={String(ready)} className={theme}>
      <Feature flag="promo" fallback={<p>no promo</p>}>
        <p>promo</p>
      </Feature>
      {isEnabled('new-checkout', user.id) ? <p>new checkout</p> : <p>legacy checkout</p>}
    </main>
  );
}

/** What a server would put in the page: the HTML, and the values serialized beside it. */
function renderOnServer(bootstrap: FlagBootstrap | undefined) {
  const html = renderToString(
    <FlagProvider {...optionsFor(server)} context={context} bootstrap={bootstrap}>
      <App />
    </FlagProvider>,
  );
  return { html, payload: JSON.stringify(bootstrap ?? null) };
}

/** Hydrates `html`, collecting every problem React reports. */
async function hydrate(html: string, props: FlagProviderProps) {
  container.innerHTML = html;
  const consoleErrors = vi.spyOn(console, 'error');
  const recoverable: unknown[] = [];
  await act(async () => {
    root = hydrateRoot(container, <FlagProvider {...props}>{<App />}</FlagProvider>, {
      onRecoverableError: (error) => recoverable.push(error),
    });
  });
  return { problems: [...recoverable, ...consoleErrors.mock.calls], markup: container.innerHTML };
}

describe('server rendering', () => {
  it('renders with the fetched values and hydrates from them without a mismatch, then goes live', async () => {
    const bootstrap = await getFlagValues({ url: server.url, clientKey: server.clientKey, context });
    const { html, payload } = renderOnServer(bootstrap);
    expect(html).toContain('promo');
    expect(html).toContain('new checkout');
    expect(html).toContain('class="dark"');

    const release = server.hold();
    const bootstrapInPage = evaluateResponseSchema.parse(JSON.parse(payload));
    const { problems, markup } = await hydrate(html, {
      ...optionsFor(server),
      context,
      bootstrap: bootstrapInPage,
    });
    expect(problems).toEqual([]);
    expect(markup).toBe(html);

    server.setFlags(() => ({ 'new-checkout': served(false), promo: served(true), theme: served('dark') }));
    release();
    await waitFor(() => expect(container.textContent).toContain('legacy checkout'));
  });

  it('renders defaults on both sides when there are no values, and then the values', async () => {
    const { html } = renderOnServer(undefined);
    expect(html).toContain('data-ready="false"');
    expect(html).toContain('no promo');

    const { problems, markup } = await hydrate(html, { ...optionsFor(server), context });
    expect(problems).toEqual([]);
    expect(markup).toBe(html);
    await waitFor(() => expect(container.textContent).toContain('new checkout'));
  });

  it('hydrates from the bootstrap even when the client already holds newer values', async () => {
    const bootstrap = await getFlagValues({ url: server.url, clientKey: server.clientKey, context });
    const { html } = renderOnServer(bootstrap);
    server.setFlags(() => ({ 'new-checkout': served(false), promo: served(false), theme: served('light') }));

    const client: BrowserClient = createBrowserClient({ ...optionsFor(server), context, bootstrap });
    await waitFor(() => expect(client.variation('theme', '')).toBe('light'));
    // Hydration renders the bootstrap (what the HTML shows), then React re-renders with the newer values.
    const { problems, markup } = await hydrate(html, { client });
    expect(problems).toEqual([]);
    expect(markup).toContain('legacy checkout');
    expect(markup).toContain('class="light"');
    await client.close();
  });

  it('would report a mismatch if the browser started from other values (the check can fail)', async () => {
    const bootstrap = await getFlagValues({ url: server.url, clientKey: server.clientKey, context });
    const { html } = renderOnServer(bootstrap);
    server.hold();
    const other: FlagBootstrap = { flags: { ...bootstrap?.flags, promo: served(false) } };
    const { problems } = await hydrate(html, { ...optionsFor(server), context, bootstrap: other });
    expect(problems).not.toEqual([]);
  });
});
