import { type EvaluationContext, OpenFeature } from '@openfeature/server-sdk';
import { type SwitchyardServer, startSwitchyard } from '@switchyard/test-support/switchyard-server';
import {
  caseName,
  evaluationVectors,
  OPEN_FEATURE_ERROR_CODES,
  openFeatureContext,
  openFeatureReason,
} from '@switchyard/test-support/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyClient } from '../support/open-feature-server.js';

// The shared evaluation vectors, loaded into a real server through the admin API and resolved through
// OpenFeature: the same values and variants as every Switchyard SDK, with the reasons mapped.

const { flags, segments, cases } = evaluationVectors;

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
    const context = openFeatureContext(c.context) as EvaluationContext;
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
      expect(details).toMatchObject({ value: c.default, errorCode: OPEN_FEATURE_ERROR_CODES[errorCode] });
      expect(details.variant).toBeUndefined();
    }
  });
});
