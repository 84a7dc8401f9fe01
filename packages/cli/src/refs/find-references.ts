/**
 * Flag keys named in source code, found by the calls our SDKs and OpenFeature's offer. Pure text
 * matching: a key is found when it is a string literal right where the call takes the flag key.
 */
export interface FlagReference {
  flag: string;
  file: string;
  /** 1-based. */
  line: number;
  /** The call or element that names it, e.g. `isEnabled` or `<Feature flag=`. */
  call: string;
}

const KEY = `([A-Za-z0-9][A-Za-z0-9._-]{0,127})`;
const QUOTED = (inner: string) => `(?:'${inner}'|"${inner}"|\`${inner}\`)`;

/** Calls whose first argument is the flag key. */
const FIRST_ARGUMENT_CALLS = [
  'isEnabled',
  'variation',
  'variationDetail',
  'evaluate',
  'useFlag',
  'useVariation',
  // OpenFeature, in the casing of each language's SDK (JS/Java, .NET, Python).
  '[gG]et(?:Boolean|String|Number|Integer|Double|Float|Object)(?:Value|Details)(?:Async)?',
  'get_(?:boolean|string|integer|float|object)_(?:value|details)',
];

const PATTERNS: RegExp[] = [
  new RegExp(`\\b(${FIRST_ARGUMENT_CALLS.join('|')})\\s*\\(\\s*${QUOTED(KEY)}`, 'g'),
  // OpenFeature Go: client.BooleanValue(ctx, "key", ...)
  new RegExp(
    `\\b((?:Boolean|String|Int|Float|Object)Value(?:Details)?)\\s*\\(\\s*[\\w.]+\\s*,\\s*${QUOTED(KEY)}`,
    'g',
  ),
  // React: <Feature flag="key"> or flag={'key'}, after other props (whose {…} may hold a `>`).
  new RegExp(`(<Feature)\\b(?:[^>{]|\\{[^}]*\\})*?\\bflag\\s*=\\s*(?:\\{\\s*)?${QUOTED(KEY)}`, 'g'),
];

/** Every flag reference in one file's text. */
export function findReferences(file: string, text: string): FlagReference[] {
  const found: FlagReference[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const flag = match[2] ?? match[3] ?? match[4];
      const call = match[1] === '<Feature' ? '<Feature flag=' : (match[1] as string);
      if (flag !== undefined) found.push({ flag, file, line: lineOf(match.index), call });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}
