import type { FastifyRequest } from 'fastify';
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
