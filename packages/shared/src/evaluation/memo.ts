/**
 * A pure function of strings that remembers its results, so that a context value seen again (an app
 * version, a signup date) is parsed once rather than on every evaluation. Memory stays bounded whatever
 * the inputs: results live in two generations of at most `capacity` entries each; when the young one
 * is full it becomes the old one and the previous old one is dropped. A result used again is moved to
 * the young generation, so values in steady use survive a stream of one-off ones.
 */
export function memoizeStrings<T>(compute: (input: string) => T, capacity: number): (input: string) => T {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  return (input) => {
    const known = young.get(input);
    if (known !== undefined) return known;
    const result = old.get(input) ?? compute(input);
    if (young.size >= capacity) {
      old = young;
      young = new Map();
    }
    young.set(input, result);
    return result;
  };
}

/** How many distinct values each parser keeps per generation (a few hundred kilobytes at most). */
export const PARSED_VALUES_REMEMBERED = 2048;
