import type { Context } from '@switchyard/shared';

/** The context as the stream URL carries it: base64url (no padding) of its UTF-8 JSON. */
export function encodeContext(context: Context): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(context))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A string equal for equal contexts whatever their key order, to tell a new context from a re-render. */
export function contextIdentity(context: Context): string {
  return JSON.stringify(
    Object.keys(context)
      .sort()
      .map((key) => [key, context[key]]),
  );
}
