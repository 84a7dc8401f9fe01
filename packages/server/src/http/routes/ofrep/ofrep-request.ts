import { type Context, fromOpenFeatureContext, type OpenFeatureContextValue } from '@switchyard/shared';
import { OfrepFailure } from './ofrep-failure.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (details: string) => new OfrepFailure(400, 'INVALID_CONTEXT', details);

/**
 * The Switchyard context of an OFREP request body `{ "context": { "targetingKey"?, ...attributes } }`.
 * The context is read as the OpenFeature providers read theirs (`fromOpenFeatureContext`): nested
 * objects become dotted names, values rules cannot use are dropped. A missing `targetingKey` is
 * allowed, so flags that need none still evaluate; flags that bucket by it fail with
 * `TARGETING_KEY_MISSING`.
 */
export function ofrepContext(body: unknown): Context {
  if (!isPlainObject(body)) throw invalid('The body must be a JSON object with a "context" object');
  const { context } = body;
  if (!isPlainObject(context)) throw invalid('context: expected an object');
  const { targetingKey } = context;
  if (targetingKey !== undefined && typeof targetingKey !== 'string')
    throw invalid('context.targetingKey: expected a string');
  return fromOpenFeatureContext(context as Record<string, OpenFeatureContextValue>);
}
