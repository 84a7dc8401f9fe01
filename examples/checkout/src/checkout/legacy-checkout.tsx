import type { ReactElement } from 'react';
import { CART, cartTotalCents, formatPrice } from './cart.js';

/** The checkout everyone has today: three steps, starting with the shipping address. */
export function LegacyCheckout(): ReactElement {
  return (
    <section className="checkout legacy" data-testid="legacy-checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <ol className="steps" aria-label="Progress">
        <li aria-current="step">1. Shipping</li>
        <li>2. Payment</li>
        <li>3. Review</li>
      </ol>
      <form className="address" onSubmit={(event) => event.preventDefault()}>
        <label>
          Full name
          <input name="name" autoComplete="name" />
        </label>
        <label>
          Street and number
          <input name="street" autoComplete="street-address" />
        </label>
        <label>
          City
          <input name="city" autoComplete="address-level2" />
        </label>
        <p className="total">
          {CART.length} items, {formatPrice(cartTotalCents(CART))}
        </p>
        <button type="submit">Continue to payment</button>
      </form>
    </section>
  );
}
