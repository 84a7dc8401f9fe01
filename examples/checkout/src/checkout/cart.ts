export interface CartLine {
  name: string;
  quantity: number;
  priceCents: number;
}

export const CART: readonly CartLine[] = [
  { name: 'Trail running shoes', quantity: 1, priceCents: 8900 },
  { name: 'Merino socks', quantity: 2, priceCents: 1450 },
];

export const cartTotalCents = (cart: readonly CartLine[]): number =>
  cart.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);

export const formatPrice = (cents: number): string =>
  new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
