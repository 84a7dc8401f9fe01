import type { JsonValue } from '@openfeature/core';
import { ErrorCode, StandardResolutionReasons } from '@openfeature/core';
import { createTestClient } from '@switchyard/sdk-node';
import { createBrowserClient } from '@switchyard/sdk-react';
import { describe, expect, it } from 'vitest';
import { typeMismatchCases, typeMismatchName } from '../../../shared/test/type-mismatch-table.js';
import { SwitchyardProvider } from '../../src/server.js';
import { SwitchyardWebProvider } from '../../src/web.js';

// The shared TYPE_MISMATCH table through both providers' typed resolutions: OpenFeature's type of the
// call is the type of its default.

type Resolver = {
  resolveBooleanEvaluation(key: string, value: boolean, context: object): unknown;
  resolveStringEvaluation(key: string, value: string, context: object): unknown;
  resolveNumberEvaluation(key: string, value: number, context: object): unknown;
  resolveObjectEvaluation(key: string, value: JsonValue, context: object): unknown;
};

function resolve(provider: Resolver, defaultValue: unknown) {
  const context = { targetingKey: 'u-1' };
  if (typeof defaultValue === 'boolean')
    return provider.resolveBooleanEvaluation('subject', defaultValue, context);
  if (typeof defaultValue === 'string')
    return provider.resolveStringEvaluation('subject', defaultValue, context);
  if (typeof defaultValue === 'number')
    return provider.resolveNumberEvaluation('subject', defaultValue, context);
  return provider.resolveObjectEvaluation('subject', defaultValue as JsonValue, context);
}

const providers = {
  server: (served: unknown) =>
    new SwitchyardProvider({ client: createTestClient({ flags: { subject: served as never } }) }),
  web: (served: unknown) =>
    new SwitchyardWebProvider({
      client: createBrowserClient({
        url: 'http://127.0.0.1:9',
        clientKey: 'sy_client_test',
        autoStart: false,
        bootstrap: {
          flags: { subject: { value: served as never, variant: 'value', reason: { kind: 'FALLTHROUGH' } } },
        },
      }),
    }),
};

describe.each(Object.entries(providers))('TYPE_MISMATCH in the OpenFeature %s provider', (_, make) => {
  it.each(typeMismatchCases.map((c) => [typeMismatchName(c), c] as const))('%s', async (_name, c) => {
    const provider = make(c.served);
    const details = await resolve(provider as unknown as Resolver, c.default);
    if (c.mismatch) {
      expect(details).toMatchObject({
        value: c.default,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TYPE_MISMATCH,
      });
      expect(details).not.toHaveProperty('variant');
    } else {
      expect(details).toMatchObject({ value: c.served });
      expect(details).not.toHaveProperty('errorCode');
    }
    await provider.onClose();
  });
});
