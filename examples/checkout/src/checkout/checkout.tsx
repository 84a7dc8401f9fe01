import { useFlags } from '@switchyard/sdk-react';
import type { ReactElement } from 'react';
import { LegacyCheckout } from './legacy-checkout.js';
import { NewCheckout } from './new-checkout.js';

export interface User {
  id: string;
}

/**
 * The new checkout for users the `new-checkout` flag is on for, the legacy one for everyone else
 * (and until the flags have loaded). The same decision with a component:
 *
 * ```tsx
 * <Feature flag="new-checkout" fallback={<LegacyCheckout />}>
 *   <NewCheckout />
 * </Feature>
 * ```
 */
export function Checkout({ user }: { user: User }): ReactElement {
  const { isEnabled } = useFlags();
  if (isEnabled('new-checkout', user.id)) return <NewCheckout />;
  return <LegacyCheckout />;
}
