import { FlagProvider } from '@switchyard/sdk-react';
import { type ReactElement, useState } from 'react';
import { Checkout } from './checkout/checkout.js';
import type { CheckoutConfig } from './config.js';
import { FlagsStatusBadge } from './header/flags-status-badge.js';
import { UserSwitcher } from './header/user-switcher.js';
import { MissingKey } from './missing-key.js';

export function App({ config }: { config: CheckoutConfig }): ReactElement {
  const [userId, setUserId] = useState(config.userId);
  if (config.clientKey === null) return <MissingKey url={config.url} />;
  const user = { id: userId };

  // The provider evaluates the flags for this user on the server and follows their changes live.
  // A new user (from the switcher) is a new context: it re-evaluates without a reload.
  return (
    <FlagProvider url={config.url} clientKey={config.clientKey} context={{ userId: user.id }}>
      <header className="store-header">
        <span className="brand">Acme Store</span>
        <UserSwitcher userId={userId} onChange={setUserId} />
        <FlagsStatusBadge />
      </header>
      <main>
        <Checkout user={user} />
      </main>
    </FlagProvider>
  );
}
