/** Flags that produce every Switchyard reason, shared by the server and web provider tests. */

export const pricing = {
  key: 'pricing',
  type: 'string',
  variants: { low: '$8', standard: '$10' },
  enabled: true,
  offVariant: 'standard',
  targets: [{ variant: 'low', values: ['vip-1'] }],
  rules: [
    {
      id: 'eu',
      clauses: [{ attribute: 'country', op: 'in', values: ['DE', 'FR'] }],
      serve: { variant: 'low' },
    },
  ],
  fallthrough: { variant: 'standard' },
};

export const uploadLimit = {
  key: 'upload-limit-mb',
  type: 'number',
  variants: { small: 25, large: 250 },
  enabled: true,
  offVariant: 'small',
  rules: [
    {
      id: 'pro',
      clauses: [{ attribute: 'org.plan', op: 'in', values: ['pro'] }],
      serve: { variant: 'large' },
    },
  ],
  fallthrough: { variant: 'small' },
};

export const theme = {
  key: 'theme',
  type: 'json',
  variants: { classic: { color: 'blue', radius: 2 }, bold: { color: 'red', radius: 8 }, plain: 'plain' },
  enabled: true,
  offVariant: 'classic',
  rules: [
    { id: 'plain', clauses: [{ attribute: 'plain', op: 'in', values: [true] }], serve: { variant: 'plain' } },
  ],
  fallthrough: { variant: 'bold' },
};

/** A boolean flag that needs `checkout-api` to serve `on`. */
export const checkoutUi = {
  key: 'checkout-ui',
  type: 'boolean',
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  prerequisites: [{ flag: 'checkout-api', variant: 'on' }],
  fallthrough: { variant: 'on' },
};

/** Two flags that need each other: a malformed configuration. */
export const cycle = ['cycle-a', 'cycle-b'].map((key, i) => ({
  key,
  type: 'boolean',
  variants: { on: true, off: false },
  enabled: true,
  offVariant: 'off',
  prerequisites: [{ flag: i === 0 ? 'cycle-b' : 'cycle-a', variant: 'on' }],
  fallthrough: { variant: 'on' },
}));
