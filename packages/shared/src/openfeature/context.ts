import type { Context } from '../schema/context.js';

type Attribute = Context[string];

/** A value of an OpenFeature evaluation context (or an OFREP request's JSON context). */
export type OpenFeatureContextValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | OpenFeatureContextValue[]
  | { [name: string]: OpenFeatureContextValue };

/**
 * How deep nested objects are followed. OpenFeature contexts are shallow in practice; the cap keeps a
 * hostile OFREP body from turning into deep recursion.
 */
export const MAX_CONTEXT_DEPTH = 8;

/**
 * An OpenFeature evaluation context as a Switchyard context.
 *
 * - `targetingKey` becomes `userId` (a missing or empty one leaves `userId` unset, so rollouts that
 *   bucket by it answer `TARGETING_KEY_MISSING`). It wins over an attribute named `userId`.
 * - Strings, booleans and finite numbers pass through; `Date`s become ISO-8601 strings, which the
 *   `before`/`after` operators read.
 * - Arrays pass through when every element is a string, a finite number or a Date (as ISO-8601);
 *   any other array is dropped whole, since dropping some elements would change what `in` matches.
 * - Nested objects are flattened into dotted names (`{ org: { plan: 'pro' } }` → `org.plan`), the
 *   way flagd's rules address nested values; below MAX_CONTEXT_DEPTH they are dropped.
 * - `null`, `undefined`, `NaN` and infinite numbers are dropped: the attribute is missing, and so is
 *   an attribute named `__proto__`.
 */
export function fromOpenFeatureContext(context: Readonly<Record<string, OpenFeatureContextValue>>): Context {
  const result: Context = {};
  for (const [name, value] of Object.entries(context)) {
    if (name !== 'targetingKey') addAttribute(result, name, value, 1);
  }
  const { targetingKey } = context;
  if (typeof targetingKey === 'string' && targetingKey !== '') result.userId = targetingKey;
  else if (typeof result.userId !== 'string') delete result.userId;
  return result;
}

function addAttribute(into: Context, name: string, value: OpenFeatureContextValue, depth: number): void {
  // A JSON body may carry "__proto__" as a key; assigning it would replace the context's prototype.
  if (name === '__proto__') return;
  if (value instanceof Date) {
    const iso = isoString(value);
    if (iso !== undefined) into[name] = iso;
  } else if (Array.isArray(value)) {
    const list = listAttribute(value);
    if (list !== undefined) into[name] = list;
  } else if (typeof value === 'object' && value !== null) {
    if (depth >= MAX_CONTEXT_DEPTH) return;
    for (const [inner, innerValue] of Object.entries(value))
      addAttribute(into, `${name}.${inner}`, innerValue, depth + 1);
  } else {
    const scalar = scalarAttribute(value);
    if (scalar !== undefined) into[name] = scalar;
  }
}

function scalarAttribute(value: OpenFeatureContextValue): Attribute | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

function listAttribute(values: OpenFeatureContextValue[]): (string | number)[] | undefined {
  const list: (string | number)[] = [];
  for (const value of values) {
    const element =
      value instanceof Date
        ? isoString(value)
        : typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
          ? value
          : undefined;
    if (element === undefined) return undefined;
    list.push(element);
  }
  return list;
}

function isoString(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
