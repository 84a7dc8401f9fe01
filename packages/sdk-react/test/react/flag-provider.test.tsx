// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserClient } from '../../src/client/browser-client.js';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { useFlagsClient } from '../../src/react/flags-context.js';
import { useFlag, useVariation } from '../../src/react/use-flag-detail.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

let server: FakeFlagServer;

beforeEach(async () => {
  server = await startFakeFlagServer((context) => ({
    'new-checkout': served(context.plan === 'pro'),
    greeting: served(`hello ${context.userId ?? 'guest'}`),
  }));
});

afterEach(async () => {
  cleanup();
  await server.close();
  vi.restoreAllMocks();
});

function Greeting() {
  return <p data-testid="greeting">{useVariation('greeting', '...')}</p>;
}
function Checkout() {
  const client = useFlagsClient();
  const on = useFlag('new-checkout');
  return (
    <button type="button" onClick={() => client.recordError('new-checkout')}>
      {on ? 'new' : 'legacy'}
    </button>
  );
}
const greeting = () => screen.getByTestId('greeting').textContent;

describe('<FlagProvider>', () => {
  it('re-evaluates when the context changes by value, not when it is re-created', async () => {
    const app = (context: { userId: string; plan: string }) => (
      <FlagProvider {...optionsFor(server)} context={context}>
        <Greeting />
        <Checkout />
      </FlagProvider>
    );
    const { rerender } = render(app({ userId: 'u-1', plan: 'free' }));
    await waitFor(() => expect(greeting()).toBe('hello u-1'));

    rerender(app({ plan: 'free', userId: 'u-1' }));
    rerender(app({ userId: 'u-1', plan: 'free' }));
    expect(server.evaluations).toHaveLength(1);

    rerender(app({ userId: 'u-1', plan: 'pro' }));
    await screen.findByText('new');
    rerender(app({ userId: 'u-2', plan: 'pro' }));
    await waitFor(() => expect(greeting()).toBe('hello u-2'));
    expect(server.evaluations).toEqual([
      { userId: 'u-1', plan: 'free' },
      { userId: 'u-1', plan: 'pro' },
      { userId: 'u-2', plan: 'pro' },
    ]);
    await waitFor(() => expect(server.openStreams()).toBe(1));
    expect(server.streams.at(-1)).toEqual({ userId: 'u-2', plan: 'pro' });
  });

  it('under StrictMode keeps one stream, and on unmount closes it and sends the counts', async () => {
    const { unmount } = render(
      <StrictMode>
        <FlagProvider {...optionsFor(server)} context={{ userId: 'u-1', plan: 'pro' }}>
          <Checkout />
        </FlagProvider>
      </StrictMode>,
    );
    await screen.findByText('new');
    await waitFor(() => expect(server.openStreams()).toBe(1));
    screen.getByText('new').click();

    unmount();
    await waitFor(() => expect(server.openStreams()).toBe(0));
    await waitFor(() => expect(server.batches).not.toHaveLength(0));
    const metrics = server.batches.flatMap((batch) => batch.metrics);
    expect(metrics).toContainEqual(
      expect.objectContaining({ flag: 'new-checkout', variant: 'true', errors: 1 }),
    );
  });

  it('uses a given client without starting or closing it', async () => {
    const client = createBrowserClient({ ...optionsFor(server), context: { userId: 'u-7' } });
    const { unmount } = render(
      <FlagProvider client={client}>
        <Greeting />
      </FlagProvider>,
    );
    await waitFor(() => expect(greeting()).toBe('hello u-7'));
    unmount();
    await waitFor(() => expect(server.openStreams()).toBe(1));
    expect(client.variation('greeting', '')).toBe('hello u-7');
    await client.close();
  });

  it('tells the developer when a hook is used outside it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Greeting />)).toThrow(/inside <FlagProvider>/);
  });
});
