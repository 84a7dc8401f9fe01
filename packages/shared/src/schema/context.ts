import { z } from 'zod';

export const attributeValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
]);
export type AttributeValue = z.infer<typeof attributeValueSchema>;

/** Who a flag is evaluated for: an optional `userId` plus any attributes rules refer to. */
export const contextSchema = z.object({ userId: z.string().optional() }).catchall(attributeValueSchema);
export type Context = z.infer<typeof contextSchema>;
