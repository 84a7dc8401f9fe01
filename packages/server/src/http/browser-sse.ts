import type { FastifyReply, FastifyRequest } from 'fastify';
import { openSse, type SseConnection } from '../delivery/sse.js';
import type { DeliveryContext } from './context.js';
import { allowedOrigin } from './sdk-cors.js';
import { withSdkSecurityHeaders } from './security-headers.js';

/**
 * An SSE stream that browsers read from another origin (EventSource): the CORS header for origins of
 * CORS_ORIGINS (the stream is hijacked, so the CORS plugin never sees it), counted in the open-streams
 * gauge under `label`.
 */
export function openBrowserSse(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: DeliveryContext,
  label: string,
): SseConnection {
  const origin = allowedOrigin(ctx.config.corsOrigins, request.headers.origin);
  const connection = openSse(
    request,
    reply,
    ctx.config.heartbeatMs,
    withSdkSecurityHeaders(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
  );
  ctx.metrics.streamConnections.inc({ stream: label });
  connection.onClose(() => ctx.metrics.streamConnections.dec({ stream: label }));
  return connection;
}
