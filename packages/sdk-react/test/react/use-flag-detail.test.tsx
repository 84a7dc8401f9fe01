// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { useFlag, useFlagDetail, useVariation } from '../../src/react/use-flag-detail.js';
import { useFlagsStatus } from '../../src/react/use-flags-status.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

let server: FakeFlagServer;

beforeEach(async () => {
  server = await startFakeFlagServer(() => ({
    'new-checkout': served(true, 'on'),
    banner: served('spring-sale', 'spring'),
  }));
});

afterEach(async () => {
  cleanup();
  await server.close();
});

function Everything() {
  const status = useFlagsStatus();
  const checkout = useFlag('new-checkout');
  const banner = useVariation('banner', 'none');
  const detail = useFlagDetail('banner', 'none');
  const wrongType = useFlagDetail('banner', false);
  const missing = useFlagDetail('missing', 3);
  return (
    <pre data-testid="out">
      {JSON.stringify({ ready: status.ready, checkout, banner, detail, wrongType, missing })}
    </pre>
  );
}
const renders = { checkout: 0, banner: 0 };
function Checkout() {
  renders.checkout++;
  return <span data-testid="checkout">{String(useFlag('new-checkout'))}</span>;
}
function Banner() {
  renders.banner++;
  return <span data-testid="banner">{useVariation('banner', 'none')}</span>;
}

const shown = () => JSON.parse(screen.getByTestId('out').textContent ?? '');

describe('single-flag hooks', () => {
  it('all serve their defaults with NOT_READY until values arrive, then the values', async () => {
    const release = server.hold();
    render(
      <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1' }}>
        <Everything />
      </FlagProvider>,
    );
    const notReady = { value: 'none', variant: null, reason: { kind: 'ERROR', errorCode: 'NOT_READY' } };
    expect(shown()).toEqual({
      ready: false,
      checkout: false,
      banner: 'none',
      detail: notReady,
      wrongType: { ...notReady, value: false },
      missing: { ...notReady, value: 3 },
    });

    release();
    await waitFor(() => expect(shown().ready).toBe(true));
    expect(shown()).toEqual({
      ready: true,
      checkout: true,
      banner: 'spring-sale',
      detail: served('spring-sale', 'spring'),
      wrongType: { value: false, variant: null, reason: { kind: 'ERROR', errorCode: 'TYPE_MISMATCH' } },
      missing: { value: 3, variant: null, reason: { kind: 'ERROR', errorCode: 'FLAG_NOT_FOUND' } },
    });
  });

  it('re-render only the components whose flag changed', async () => {
    render(
      <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1' }}>
        <Checkout />
        <Banner />
      </FlagProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('banner').textContent).toBe('spring-sale'));
    await waitFor(() => expect(server.openStreams()).toBe(1));
    const before = { ...renders };

    server.setFlags(() => ({ 'new-checkout': served(true, 'on'), banner: served('summer', 'summer') }));
    await waitFor(() => expect(screen.getByTestId('banner').textContent).toBe('summer'));
    expect(renders.banner).toBe(before.banner + 1);
    expect(renders.checkout).toBe(before.checkout);

    // A reconnect's `put` repeating every value re-renders nothing.
    server.dropStreams();
    await waitFor(() => expect(server.streams.length).toBe(2));
    await waitFor(() => expect(server.openStreams()).toBe(1));
    server.setFlags(() => ({ 'new-checkout': served(false, 'off'), banner: served('summer', 'summer') }));
    await waitFor(() => expect(screen.getByTestId('checkout').textContent).toBe('false'));
    expect(renders.banner).toBe(before.banner + 1);
    expect(renders.checkout).toBe(before.checkout + 1);
  });
});
