/** Reported in the OpenAPI document and at start. */
export const SERVER_VERSION = '0.1.0';
