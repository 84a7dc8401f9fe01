import type { FastifyRequest } from 'fastify';
import type { StreamOwner } from '../delivery/stream-registry.js';
import { ApiError } from '../errors.js';
import { keyOf } from './auth.js';

/** The environment an SDK key belongs to: SDK routes serve exactly that one. */
export function sdkEnvironment(request: FastifyRequest): string {
  const environment = keyOf(request).environment;
  if (environment === null)
    throw new ApiError('SY_ERR_FORBIDDEN', 'SDK routes need a server or client key of one environment');
  return environment;
}

/** `Last-Event-ID` as a revision, or undefined when absent or not a number. */
export function lastEventId(request: FastifyRequest): number | undefined {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Whose stream a request opens: client keys are public, so their streams are capped per address too. */
export function streamOwner(request: FastifyRequest): StreamOwner {
  const key = keyOf(request);
  return key.kind === 'client'
    ? { keyId: key.id, capKey: `${key.id}|${request.ip}`, scope: 'this client key from this address' }
    : { keyId: key.id, capKey: key.id, scope: `this ${key.kind} key` };
}

/**
 * Whether the SDK asked for the store epoch in payloads (`?epoch=1`, docs/design.md): SDKs that
 * predate it parse payloads strictly, so it is sent only on request.
 */
export function wantsEpoch(request: FastifyRequest): boolean {
  return (request.query as Record<string, unknown> | undefined)?.epoch === '1';
}
