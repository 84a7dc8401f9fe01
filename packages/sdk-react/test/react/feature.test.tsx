// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Feature } from '../../src/react/feature.js';
import { FlagProvider } from '../../src/react/flag-provider.js';
import { type FakeFlagServer, served, startFakeFlagServer } from '../support/fake-flag-server.js';
import { optionsFor } from '../support/provider-options.js';

let server: FakeFlagServer;

beforeEach(async () => {
  server = await startFakeFlagServer(() => ({ 'new-checkout': served(true), 'dark-mode': served(false) }));
});

afterEach(async () => {
  cleanup();
  await server.close();
});

describe('<Feature>', () => {
  it('renders the fallback until the flag is known to be on, then the children', async () => {
    const release = server.hold();
    render(
      <FlagProvider {...optionsFor(server)}>
        <Feature flag="new-checkout" fallback={<p>legacy</p>}>
          <p>new</p>
        </Feature>
        <Feature flag="dark-mode" fallback={<p>light</p>}>
          <p>dark</p>
        </Feature>
        <Feature flag="unknown">
          <p>never</p>
        </Feature>
      </FlagProvider>,
    );
    expect(screen.getByText('legacy')).toBeTruthy();
    release();
    await screen.findByText('new');
    expect(screen.getByText('light')).toBeTruthy();
    expect(screen.queryByText('never')).toBeNull();
  });
});
