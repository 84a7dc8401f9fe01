/**
 * Whether the app runs a development build. Bundlers replace `process.env.NODE_ENV`; a browser
 * loading the module unbundled has no `process`, which reads as production (stay quiet).
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}
