import type { ReactElement } from 'react';
import { CART, cartTotalCents, formatPrice } from './cart.js';

/** The checkout being rolled out: the whole order on one page, paid in one click. */
export function NewCheckout(): ReactElement {
  const total = formatPrice(cartTotalCents(CART));
  return (
    <section className="checkout new" data-testid="new-checkout" aria-labelledby="checkout-title">
      <h1 id="checkout-title">Express checkout</h1>
      <p className="lead">Review your order and pay, all on one page.</p>
      <table className="cart">
        <tbody>
          {CART.map((line) => (
            <tr key={line.name}>
              <td>
                {line.quantity} × {line.name}
              </td>
              <td className="price">{formatPrice(line.quantity * line.priceCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="price">{total}</td>
          </tr>
        </tfoot>
      </table>
      <p className="saved-address">Ships to your saved address · arrives in 2 days</p>
      <button type="button" className="pay">
        Pay {total}
      </button>
    </section>
  );
}
