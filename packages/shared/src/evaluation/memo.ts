/**
 * A pure function of strings that remembers its results for up to `capacity` distinct inputs, so that
 * a context value seen again (an app version, a signup date) is parsed once rather than on every
 * evaluation. Past `capacity` it forgets everything and starts over: memory stays bounded whatever the
 * inputs, and a stream of distinct values costs one map write each on top of the parsing.
 */
export function memoizeStrings<T>(compute: (input: string) => T, capacity: number): (input: string) => T {
  const results = new Map<string, T>();
  return (input) => {
    const known = results.get(input);
    if (known !== undefined) return known;
    const result = compute(input);
    if (results.size >= capacity) results.clear();
    results.set(input, result);
    return result;
  };
}

/** How many distinct values each parser remembers (a few hundred kilobytes at most). */
export const PARSED_VALUES_REMEMBERED = 4096;
