import '../support/dom-globals.js';
import type { Context } from '@switchyard/shared';
import {
  booleanFlag,
  type SwitchyardServer,
  startSwitchyard,
  usersAround,
} from '@switchyard/test-support/switchyard-server';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Feature } from '../../src/react/feature.js';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { useFlagDetail, useVariation } from '../../src/react/use-flag-detail.js';
import { useFlags } from '../../src/react/use-flags.js';
import { useFlagsStatus } from '../../src/react/use-flags-status.js';
import { optionsFor } from '../support/provider-options.js';

// <FlagProvider>, the hooks and <Feature> rendered in jsdom against the real Switchyard server: what
// a product manager changes through the admin API shows up in mounted components, with no remount.

const WAIT = { timeout: 5_000, interval: 20 };
let server: SwitchyardServer;

const colorFlag = (proVariant: 'blue' | 'green') => ({
  key: 'checkout-button-color',
  type: 'string',
  variants: { blue: 'blue', green: 'green' },
  enabled: true,
  offVariant: 'blue',
  rules: [
    {
      id: 'pro-plan',
      clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }],
      serve: { variant: proVariant },
    },
  ],
  fallthrough: { variant: 'blue' },
});

beforeEach(async () => {
  server = await startSwitchyard({ corsOrigins: [window.location.origin] });
  await server.putFlag(booleanFlag('new-checkout', 0));
  await server.putFlag(colorFlag('green'));
});

afterEach(async () => {
  cleanup();
  await server.close();
});

function Storefront({ user }: { user: { id: string } }) {
  const { isEnabled } = useFlags();
  const { ready } = useFlagsStatus();
  const color = useVariation('checkout-button-color', 'red');
  const { reason } = useFlagDetail('checkout-button-color', 'red');
  return (
    <main data-testid={`store-${user.id}`} data-ready={String(ready)}>
      <Feature flag="new-checkout" fallback={<p>legacy banner</p>}>
        <p>new banner</p>
      </Feature>
      {isEnabled('new-checkout', user.id) ? <p>new checkout</p> : <p>legacy checkout</p>}
      <button type="button" className={color} data-reason={reason.kind}>
        Pay
      </button>
    </main>
  );
}

const app = (context: Context & { userId: string }) => (
  <FlagProvider key={context.userId} {...optionsFor(server)} context={context}>
    <Storefront user={{ id: context.userId }} />
  </FlagProvider>
);

describe('React bindings against the real server', () => {
  it('a ramp and the kill switch through the admin API reach mounted components, user by user', async () => {
    const { inside, outside } = usersAround('new-checkout', 25);
    render(
      <>
        {app({ userId: inside })}
        {app({ userId: outside })}
      </>,
    );
    const insider = screen.getByTestId(`store-${inside}`);
    const outsider = screen.getByTestId(`store-${outside}`);
    await waitFor(() => expect(insider.dataset.ready).toBe('true'), WAIT);
    await waitFor(() => expect(outsider.dataset.ready).toBe('true'), WAIT);
    for (const store of [insider, outsider]) {
      expect(within(store).getByText('legacy checkout')).toBeDefined();
      expect(within(store).getByText('legacy banner')).toBeDefined();
    }

    await server.ramp('new-checkout', 25);
    await waitFor(() => expect(insider.textContent).toContain('new checkout'), WAIT);
    expect(insider.textContent).toContain('new banner');
    expect(outsider.textContent).toContain('legacy checkout');
    expect(outsider.textContent).toContain('legacy banner');

    await server.disable('new-checkout');
    await waitFor(() => expect(insider.textContent).toContain('legacy checkout'), WAIT);
    expect(insider.textContent).toContain('legacy banner');

    await server.ramp('new-checkout', 100);
    await server.enable('new-checkout');
    await waitFor(() => expect(outsider.textContent).toContain('new checkout'), WAIT);
    await waitFor(() => expect(insider.textContent).toContain('new checkout'), WAIT);
    // The same elements all along: updates re-rendered them in place.
    expect(screen.getByTestId(`store-${inside}`)).toBe(insider);
    expect(screen.getByTestId(`store-${outside}`)).toBe(outsider);
  });

  it('re-evaluates on the server when the context changes, then follows changes for the new context', async () => {
    const { rerender } = render(app({ userId: 'u-1', plan: 'free' }));
    const store = screen.getByTestId('store-u-1');
    const button = () => screen.getByRole('button', { name: 'Pay' });
    await waitFor(() => expect(store.dataset.ready).toBe('true'), WAIT);
    expect(button().className).toBe('blue');
    expect(button().dataset.reason).toBe('FALLTHROUGH');

    rerender(app({ userId: 'u-1', plan: 'pro' }));
    await waitFor(() => expect(button().className).toBe('green'), WAIT);
    expect(button().dataset.reason).toBe('RULE_MATCH');

    await server.putFlag(colorFlag('blue'));
    await waitFor(() => expect(button().className).toBe('blue'), WAIT);
    expect(button().dataset.reason).toBe('RULE_MATCH');
    expect(screen.getByTestId('store-u-1')).toBe(store);
  });
});
