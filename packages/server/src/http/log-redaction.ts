import { TRIGGER_PATH } from '../services/triggers.js';

/**
 * What of a request URL may reach a log line. API keys travel in headers, but people also paste them
 * into query parameters (EventSource clients must) and paths; client contexts (user ids, emails) travel
 * in `?context=`. The URL is decoded before it is checked, so `%6Bey=` is caught as `key=`.
 */

/** Query parameters whose values are never logged, matched on the decoded, lower-cased name. */
const SECRET_PARAMETER = /key|token|secret|auth|passw|sig|credential|session|context/;

/** The shape of every generated key and trigger token: `sy_<kind>_<random>`. */
const GENERATED_KEY = /sy_(?:admin|server|client|trigger)_[A-Za-z0-9_-]*/gi;

/** A trigger URL carries its token as the path segment after this prefix, whatever its shape. */
const TRIGGER_TOKEN_SEGMENT = new RegExp(`^(${TRIGGER_PATH}/)[^/]*`);

const REDACTED = '[redacted]';

/** Decodes percent-escapes of ASCII characters, repeatedly (double encoding), never throwing. */
function decodeAscii(text: string): string {
  let current = text;
  for (let pass = 0; pass < 4; pass++) {
    const next = current.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Creates the redactor for one server; `knownSecrets` (an operator-chosen admin token) are removed wherever they appear. */
export function createUrlRedactor(knownSecrets: readonly string[]): (url: string) => string {
  const secrets = knownSecrets.filter((s) => s.length > 0);
  const scrub = (text: string) => {
    let out = text.replace(GENERATED_KEY, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  return (url) => {
    const mark = url.indexOf('?');
    const path = scrub(decodeAscii(mark < 0 ? url : url.slice(0, mark))).replace(
      TRIGGER_TOKEN_SEGMENT,
      `$1${REDACTED}`,
    );
    if (mark < 0) return path;
    const parameters = url
      .slice(mark + 1)
      .split('&')
      .filter((part) => part !== '')
      .map((part) => {
        const equals = part.indexOf('=');
        const name = scrub(decodeAscii((equals < 0 ? part : part.slice(0, equals)).replace(/\+/g, ' ')));
        if (equals < 0) return name;
        if (SECRET_PARAMETER.test(name.toLowerCase())) return `${name}=${REDACTED}`;
        return `${name}=${scrub(decodeAscii(part.slice(equals + 1).replace(/\+/g, ' ')))}`;
      });
    return `${path}?${parameters.join('&')}`;
  };
}
