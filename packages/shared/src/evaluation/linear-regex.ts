import { RE2JS } from 're2js';

/** A compiled `matches` pattern: does it match anywhere in `input`? */
export interface LinearRegex {
  test(input: string): boolean;
}

/**
 * Compiles a `matches` pattern (JavaScript syntax, `u` flag) for RE2's automaton, which runs in time
 * linear in the input whatever the pattern: no rule can hang a server or an SDK by backtracking.
 * Returns why not, for the features only a backtracking engine has (lookaround, backreferences) and
 * for patterns whose automaton would be too large; writes are refused with that reason.
 */
export function compileLinearRegex(pattern: string): LinearRegex | { problem: string } {
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return { problem: `regex does not compile: ${(err as Error).message}` };
  }
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    return {
      problem:
        'regex needs a backtracking engine (lookaround, backreferences) or is too large; "matches" runs ' +
        `patterns in linear time, so these are not supported: ${(err as Error).message}`,
    };
  }
}
