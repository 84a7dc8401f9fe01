/**
 * The one table of `TYPE_MISMATCH`: a flag serving `served`, read with the caller's `default`. Every
 * package that reads flags for a caller (sdk-node, sdk-react, openfeature) runs it through its own
 * public API, and the shared rule (`fitsDefault`) runs it directly.
 */
export interface TypeMismatchCase {
  served: unknown;
  default: unknown;
  /** True when the default stands in with `TYPE_MISMATCH`; false when the served value is returned. */
  mismatch: boolean;
}

export const typeMismatchCases: readonly TypeMismatchCase[] = [
  { served: true, default: false, mismatch: false },
  { served: 'spring', default: 'none', mismatch: false },
  { served: 1.5, default: 0, mismatch: false },
  { served: { color: 'blue' }, default: {}, mismatch: false },
  { served: [1, 2], default: [], mismatch: false },
  // A default of null asks for no check.
  { served: 'spring', default: null, mismatch: false },
  { served: 5, default: null, mismatch: false },
  { served: { color: 'blue' }, default: null, mismatch: false },
  { served: true, default: 'yes', mismatch: true },
  { served: true, default: 0, mismatch: true },
  { served: true, default: {}, mismatch: true },
  { served: 'spring', default: false, mismatch: true },
  { served: 'spring', default: 10, mismatch: true },
  { served: 'spring', default: { p: 1 }, mismatch: true },
  { served: 5, default: '5', mismatch: true },
  { served: 5, default: [], mismatch: true },
  { served: { color: 'blue' }, default: true, mismatch: true },
  { served: { color: 'blue' }, default: 'blue', mismatch: true },
  // Arrays and objects are different types.
  { served: { color: 'blue' }, default: [], mismatch: true },
  { served: [1, 2], default: { a: 1 }, mismatch: true },
  { served: null, default: {}, mismatch: true },
  { served: null, default: false, mismatch: true },
];

/** A readable test name for one case. */
export const typeMismatchName = (c: TypeMismatchCase) =>
  `${JSON.stringify(c.served)} read with default ${JSON.stringify(c.default)}: ${c.mismatch ? 'TYPE_MISMATCH' : 'served'}`;
