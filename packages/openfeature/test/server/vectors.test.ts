import { type EvaluationContext, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseName, type EvaluationCase, evaluationVectors } from '../../../shared/test/vectors.js';
import { readyClient } from '../support/open-feature-server.js';
import { type SwitchyardServer, startSwitchyard } from '../support/switchyard-server.js';

// The shared evaluation vectors, loaded into a real server through the admin API and resolved through
// OpenFeature: the same values and variants as every Switchyard SDK, with the reasons mapped.

const { flags, segments, cases } = evaluationVectors;

/** The mapping the provider documents, written out independently of its code. */
function openFeatureReason({ reason }: EvaluationCase['expect']): string {
  if (reason.kind === 'ERROR') return 'ERROR';
  if (reason.inRollout) return 'SPLIT';
  return {
    OFF: 'DISABLED',
    PREREQUISITE_FAILED: 'DISABLED',
    TARGET_MATCH: 'TARGETING_MATCH',
    RULE_MATCH: 'TARGETING_MATCH',
    FALLTHROUGH: 'DEFAULT',
  }[reason.kind];
}

const ERROR_CODES = {
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  TARGETING_KEY_MISSING: 'TARGETING_KEY_MISSING',
  MALFORMED_FLAG: 'PARSE_ERROR',
  NOT_READY: 'PROVIDER_NOT_READY',
} as const;

/** A vector's context the OpenFeature way: `userId` is the targetingKey, absent when the vector has none. */
function openFeatureContext({ userId, ...attributes }: Record<string, unknown>): EvaluationContext {
  const context = { ...attributes } as EvaluationContext;
  if (typeof userId === 'string') context.targetingKey = userId;
  // A userId that is not a string (a list) goes in as an attribute, which no Switchyard userId can be.
  else if (userId !== undefined) context.userId = userId as never;
  return context;
}

let server: SwitchyardServer;

beforeAll(async () => {
  server = await startSwitchyard();
  for (const { version: _, ...segment } of Object.values(segments)) await server.putSegment(segment);
  for (const { version: _, ...flag } of Object.values(flags)) await server.putFlag(flag);
});
afterAll(async () => {
  await OpenFeature.clearProviders();
  await server.close();
});

describe('the shared evaluation vectors through OpenFeature', () => {
  let client: Awaited<ReturnType<typeof readyClient>>['client'];
  beforeAll(async () => {
    ({ client } = await readyClient(server));
  });

  it.each(cases.map((c) => [caseName(c), c] as const))('%s', async (_, c) => {
    const type = flags[c.flag]?.type ?? typeof c.default;
    const context = openFeatureContext(c.context);
    const details =
      type === 'boolean'
        ? await client.getBooleanDetails(c.flag, c.default as boolean, context)
        : type === 'string'
          ? await client.getStringDetails(c.flag, c.default as string, context)
          : type === 'number'
            ? await client.getNumberDetails(c.flag, c.default as number, context)
            : await client.getObjectDetails(c.flag, c.default as null, context);

    expect(details.reason).toBe(openFeatureReason(c.expect));
    const { errorCode } = c.expect.reason;
    if (errorCode === undefined) {
      expect(details).toMatchObject({ value: c.expect.value, variant: c.expect.variant });
      expect(details.errorCode).toBeUndefined();
    } else {
      // On an error OpenFeature answers the caller's default, with no variant.
      expect(details).toMatchObject({ value: c.default, errorCode: ERROR_CODES[errorCode] });
      expect(details.variant).toBeUndefined();
    }
  });
});
