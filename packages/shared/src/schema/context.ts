import { z } from 'zod';
import { isRecord } from './is-record.js';

/**
 * Bounds of a context sent to the server (client keys are public, so anyone can send one): they keep
 * the work of one evaluation, and of every `matches` clause in it, small and bounded.
 */
export const CONTEXT_LIMITS = {
  /** Characters in one string attribute, or in one string element of an array. */
  maxStringLength: 4_096,
  /** Elements in one array attribute. */
  maxArrayLength: 1_000,
  /** Attributes in one context, `userId` included. */
  maxAttributes: 256,
  /** Characters in one attribute name. */
  maxNameLength: 256,
} as const;

const { maxStringLength, maxArrayLength, maxAttributes, maxNameLength } = CONTEXT_LIMITS;

export const attributeValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
]);
export type AttributeValue = z.infer<typeof attributeValueSchema>;

const TOO_LONG = `must be at most ${maxStringLength} characters`;

/**
 * Who a flag is evaluated for: an optional `userId` plus any attributes rules refer to. Sizes are
 * checked here rather than in the value union so that a problem names the attribute and the limit.
 */
export const contextSchema = z
  .object({ userId: z.string().optional() })
  .catchall(attributeValueSchema)
  .superRefine((context, ctx) => {
    let count = 0;
    for (const [name, value] of Object.entries(context)) {
      count++;
      if (typeof value === 'string' && value.length > maxStringLength)
        ctx.addIssue({ code: 'custom', path: [name], message: TOO_LONG });
      if (Array.isArray(value)) {
        if (value.length > maxArrayLength)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `must have at most ${maxArrayLength} elements`,
          });
        else
          value.forEach((element, i) => {
            if (typeof element === 'string' && element.length > maxStringLength)
              ctx.addIssue({ code: 'custom', path: [name, i], message: TOO_LONG });
          });
      }
      if (count > maxAttributes) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is attribute ${count}; a context has at most ${maxAttributes}`,
        });
        return;
      }
      if (name.length > maxNameLength) {
        ctx.addIssue({
          code: 'custom',
          path: [name.slice(0, 64)],
          message: `attribute names are at most ${maxNameLength} characters`,
        });
      }
    }
  });
export type Context = z.infer<typeof contextSchema>;

const isAttributeString = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= maxStringLength;
const isAttributeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function isAttributeValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return isAttributeString(value);
    case 'number':
      return isAttributeNumber(value);
    case 'boolean':
      return true;
    default: {
      if (!Array.isArray(value) || value.length > maxArrayLength) return false;
      for (const element of value)
        if (!isAttributeString(element) && !isAttributeNumber(element)) return false;
      return true;
    }
  }
}

/**
 * `contextSchema` by hand, for the hot path of remote evaluation: the context itself when the schema
 * would accept it, undefined otherwise (then the schema runs, for the 400 that names the attribute). It
 * accepts exactly what the schema accepts from JSON, and a property test holds the two equal.
 */
export function checkContext(value: unknown): Context | undefined {
  if (!isRecord(value)) return undefined;
  let count = 0;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) return undefined;
    if (++count > maxAttributes || name.length > maxNameLength) return undefined;
    const attribute = value[name];
    if (!(name === 'userId' ? isAttributeString(attribute) : isAttributeValue(attribute))) return undefined;
  }
  return value as Context;
}
