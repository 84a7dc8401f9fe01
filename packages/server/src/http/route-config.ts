import { writeQuerySchema } from '@switchyard/shared';
import type { ApiKeyKind } from '../store/types.js';
import type { RouteAuth } from './auth.js';
import type { RouteDoc } from './openapi.js';

/** Route config for a documented route that needs one of `kinds` of API key. */
export const withKey = (kinds: readonly ApiKeyKind[], doc: RouteDoc): { auth: RouteAuth; doc: RouteDoc } => ({
  auth: { kinds },
  doc,
});

export const adminRoute = (doc: RouteDoc) => withKey(['admin'], doc);

/** An admin write: documents the optional `?reason=` that `actorOf` reads into the audit entry. */
export const adminWriteRoute = (doc: Omit<RouteDoc, 'query'>) =>
  withKey(['admin'], { ...doc, query: writeQuerySchema });
