// `@switchyard/sdk-react/server`: for the Node server that renders the HTML. Kept apart from the
// browser entry because it validates with the shared zod schemas, which browsers should not download.
export type { FlagBootstrap } from './client/browser-client.js';
export { type GetFlagValuesOptions, getFlagValues } from './server/get-flag-values.js';
