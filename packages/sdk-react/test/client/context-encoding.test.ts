import { describe, expect, it } from 'vitest';
import { contextIdentity, encodeContext } from '../../src/client/context-encoding.js';

describe('encodeContext', () => {
  it('is base64url of the UTF-8 JSON, as the server decodes it', () => {
    const context = { userId: 'u-1', name: 'Zoë 🚀', tags: ['a/b', 'c+d'], age: 41, beta: true };
    const encoded = encodeContext(context);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))).toEqual(context);
  });
});

describe('contextIdentity', () => {
  it('is equal for equal contexts in any key order, and differs otherwise', () => {
    expect(contextIdentity({ userId: 'u', plan: 'pro' })).toBe(contextIdentity({ plan: 'pro', userId: 'u' }));
    expect(contextIdentity({ userId: 'u' })).not.toBe(contextIdentity({ userId: 'v' }));
    expect(contextIdentity({ tags: ['a', 'b'] })).not.toBe(contextIdentity({ tags: ['b', 'a'] }));
  });
});
