import '../support/dom-globals.js';
import { type Context, evaluateResponseSchema } from '@switchyard/shared';
import {
  booleanFlag,
  ENV,
  type SwitchyardServer,
  startSwitchyard,
} from '@switchyard/test-support/switchyard-server';
import { act, waitFor } from '@testing-library/react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlagBootstrap } from '../../src/client/browser-client.js';
import { Feature } from '../../src/react/feature.js';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { useVariation } from '../../src/react/use-flag-detail.js';
import { useFlags } from '../../src/react/use-flags.js';
import { getFlagValues } from '../../src/server/get-flag-values.js';
import { optionsFor } from '../support/provider-options.js';

// getFlagValues against the real server, HTML rendered with its values, then hydrated in the browser
// (jsdom) from the values the page carried: same markup, no warning of any kind, then live.

const WAIT = { timeout: 5_000, interval: 20 };
const context: Context = { userId: 'vip-1', plan: 'pro' };
let server: SwitchyardServer;
let root: Root | undefined;
let container: HTMLElement;

beforeEach(async () => {
  server = await startSwitchyard({ corsOrigins: [window.location.origin] });
  await server.putFlag(booleanFlag('new-checkout', 0, { targets: [{ variant: 'on', values: ['vip-1'] }] }));
  await server.putFlag({
    key: 'theme',
    type: 'string',
    variants: { light: 'light', dark: 'dark' },
    enabled: true,
    offVariant: 'light',
    rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variant: 'dark' } }],
    fallthrough: { variant: 'light' },
  });
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
  const theme = useVariation('theme', 'unset');
  return (
    <main className={theme}>
      <Feature flag="new-checkout" fallback={<p>legacy banner</p>}>
        <p>new banner</p>
      </Feature>
      {isEnabled('new-checkout', 'vip-1') ? <p>new checkout</p> : <p>legacy checkout</p>}
    </main>
  );
}

const page = (bootstrap: FlagBootstrap | undefined) => (
  <FlagProvider {...optionsFor(server)} context={context} bootstrap={bootstrap}>
    <App />
  </FlagProvider>
);

describe('server rendering against the real server', () => {
  it('renders with getFlagValues, hydrates from the same values without a warning, then goes live', async () => {
    const warnings = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    const bootstrap = await getFlagValues({ url: server.url, clientKey: server.clientKey, context });
    expect(bootstrap?.flags['new-checkout']).toEqual({
      value: true,
      variant: 'on',
      reason: { kind: 'TARGET_MATCH' },
    });
    expect(bootstrap?.flags.theme).toMatchObject({ value: 'dark', reason: { kind: 'RULE_MATCH' } });

    const html = renderToString(page(bootstrap));
    expect(html).toContain('class="dark"');
    expect(html).toContain('new banner');
    expect(html).toContain('new checkout');
    // What the page carries to the browser, read back as the browser would.
    const carried = evaluateResponseSchema.parse(JSON.parse(JSON.stringify(bootstrap)));

    container.innerHTML = html;
    const recoverable: unknown[] = [];
    await act(async () => {
      root = hydrateRoot(container, page(carried), {
        onRecoverableError: (error) => recoverable.push(error),
      });
    });
    expect(container.innerHTML).toBe(html);

    await server.disable('new-checkout');
    await waitFor(() => expect(container.textContent).toContain('legacy checkout'), WAIT);
    expect(container.textContent).toContain('legacy banner');
    expect(recoverable).toEqual([]);
    for (const spy of warnings) expect(spy.mock.calls).toEqual([]);
  });

  it('renders defaults when the server refuses the key, and the warning says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const serverKey = await server.test.createKey('server', ENV);
    const bootstrap = await getFlagValues({ url: server.url, clientKey: serverKey, context });
    expect(bootstrap).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/getFlagValues failed.*answered 403/));
    const html = renderToString(page(bootstrap));
    expect(html).toContain('class="unset"');
    expect(html).toContain('legacy checkout');
  });
});
