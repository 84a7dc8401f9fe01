// @vitest-environment jsdom
import type { Context } from '@switchyard/shared';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { useFlags } from '../../src/react/use-flags.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

let server: FakeFlagServer;
const renders = { checkout: 0 };

// new-checkout is on for u-1 only, as a targeted rollout would serve it.
const flagsFor = (banner: string) => (context: Context) => ({
  'new-checkout': served(context.userId === 'u-1'),
  banner: served(banner),
});

beforeEach(async () => {
  renders.checkout = 0;
  server = await startFakeFlagServer(flagsFor('spring'));
});

afterEach(async () => {
  cleanup();
  await server.close();
  vi.restoreAllMocks();
});

function NewCheckout() {
  return <p>new checkout</p>;
}
function LegacyCheckout() {
  return <p>legacy checkout</p>;
}
function Checkout({ user }: { user: { id: string } }) {
  renders.checkout++;
  const { isEnabled } = useFlags();
  if (isEnabled('new-checkout', user.id)) return <NewCheckout />;
  return <LegacyCheckout />;
}
function Settings() {
  const { variation, variationDetail } = useFlags();
  return (
    <p data-testid="settings">
      {variation('banner', 'none')}/{variationDetail('limit', 10).value}
    </p>
  );
}

describe('useFlags', () => {
  it("answers isEnabled('new-checkout', user.id) for the provider's user", async () => {
    render(
      <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1' }}>
        <Checkout user={{ id: 'u-1' }} />
      </FlagProvider>,
    );
    expect(screen.getByText('legacy checkout')).toBeTruthy();
    await screen.findByText('new checkout');
  });

  it('answers false for another user and warns once, since rules never reach the browser', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    render(
      <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1' }}>
        <Checkout user={{ id: 'u-2' }} />
        <Checkout user={{ id: 'u-3' }} />
        <Settings />
      </FlagProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('settings').textContent).toBe('spring/10'));
    expect(screen.getAllByText('legacy checkout')).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/isEnabled\('new-checkout', userId\)/);
  });

  it('re-renders only for the flags the component read', async () => {
    render(
      <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1' }}>
        <Checkout user={{ id: 'u-1' }} />
        <Settings />
      </FlagProvider>,
    );
    await screen.findByText('new checkout');
    await waitFor(() => expect(server.openStreams()).toBe(1));
    const before = renders.checkout;

    server.setFlags(flagsFor('summer'));
    await waitFor(() => expect(screen.getByTestId('settings').textContent).toBe('summer/10'));
    expect(renders.checkout).toBe(before);

    server.setFlags(() => ({ 'new-checkout': served(false), banner: served('summer') }));
    await screen.findByText('legacy checkout');
    expect(renders.checkout).toBe(before + 1);
  });

  it('follows the provider to a new user without warning about it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const app = (id: string) => (
      <FlagProvider {...optionsFor(server)} context={{ userId: id }}>
        <Checkout user={{ id }} />
      </FlagProvider>
    );
    const { rerender } = render(app('u-2'));
    await waitFor(() => expect(server.evaluations).toHaveLength(1));
    await screen.findByText('legacy checkout');

    rerender(app('u-1'));
    await screen.findByText('new checkout');
    expect(server.evaluations.at(-1)).toEqual({ userId: 'u-1' });
    expect(warn).not.toHaveBeenCalled();
  });
});
