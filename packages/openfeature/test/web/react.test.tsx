import '../support/dom-globals.js';
import { OpenFeature, OpenFeatureProvider, useBooleanFlagValue, useFlag } from '@openfeature/react-sdk';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
  usersAround,
} from '@switchyard/test-support/switchyard-server';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerWeb, webProviderFor } from '../support/open-feature-web.js';

// The React SDK of OpenFeature over the Switchyard web provider, rendered in jsdom against a real
// server: a ramp through the admin API and a change of user show up in mounted components.

const WAIT = { timeout: 5_000, interval: 20 };
let server: SwitchyardServer;

beforeEach(async () => {
  server = await startSwitchyard({ corsOrigins: [window.location.origin] });
  await server.putFlag(booleanFlag('new-checkout', 0));
});
afterEach(async () => {
  cleanup();
  await OpenFeature.clearProviders();
  await server.close();
});

function Checkout() {
  const newCheckout = useBooleanFlagValue('new-checkout', false);
  const { reason } = useFlag('new-checkout', false);
  return <p data-reason={reason}>{newCheckout ? 'new checkout' : 'legacy checkout'}</p>;
}

describe('@openfeature/react-sdk over the Switchyard web provider', () => {
  it('re-renders a mounted component when the flag is ramped and when the user changes', async () => {
    const { inside, outside } = usersAround('new-checkout', 25);
    const { domain, initialized } = registerWeb(webProviderFor(server), { targetingKey: outside });
    await initialized;
    render(
      <OpenFeatureProvider domain={domain}>
        <Checkout />
      </OpenFeatureProvider>,
    );
    expect(screen.getByText('legacy checkout').dataset.reason).toBe('SPLIT');

    await act(() => OpenFeature.setContext(domain, { targetingKey: inside }));
    expect(screen.getByText('legacy checkout')).toBeTruthy();

    await server.ramp('new-checkout', 25);
    await waitFor(() => expect(screen.getByText('new checkout')).toBeTruthy(), WAIT);

    await act(() => OpenFeature.setContext(domain, { targetingKey: outside }));
    expect(screen.getByText('legacy checkout')).toBeTruthy();

    await server.disable('new-checkout');
    await act(() => OpenFeature.setContext(domain, { targetingKey: inside }));
    await waitFor(() => expect(screen.getByText('legacy checkout').dataset.reason).toBe('DISABLED'), WAIT);
  });
});
