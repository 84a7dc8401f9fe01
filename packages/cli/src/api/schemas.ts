import { flagListSchema } from '@switchyard/shared';
import type { z } from 'zod';

/**
 * What the CLI reads differently from the shared admin API schemas (`@switchyard/shared`): the flag
 * list, whose entries it splits into the flag document and the server-computed percentage.
 */
export const cliFlagListSchema = flagListSchema.transform(({ flags }) => ({
  flags: flags.map(({ percentage, ...flag }) => ({ percentage, flag })),
}));
export type ListedFlag = z.output<typeof cliFlagListSchema>['flags'][number];
