/** Sent in the User-Agent header; keep in step with package.json on release. */
export const SDK_VERSION = '0.1.0';
