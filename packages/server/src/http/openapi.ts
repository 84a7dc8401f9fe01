import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { ERRORS } from '../errors.js';
import type { RouteAuth } from './auth.js';

/** What a route tells the OpenAPI document about itself, next to its handler. */
export interface RouteDoc {
  summary: string;
  tag: string;
  body?: z.ZodType;
  response?: z.ZodType;
  query?: z.ZodObject;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    doc?: RouteDoc;
  }
}

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Json;

const errorBody: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERRORS) },
        message: { type: 'string' },
        details: {},
      },
    },
  },
};

/**
 * Collects every documented route as it is registered and serves the OpenAPI 3 document at
 * /openapi.json, built from the same zod schemas that validate the requests.
 */
export function registerOpenApi(app: FastifyInstance, version: string): void {
  const paths: Record<string, Record<string, Json>> = {};

  app.addHook('onRoute', (route: RouteOptions) => {
    const config = route.config as { doc?: RouteDoc; auth?: RouteAuth } | undefined;
    const doc = config?.doc;
    if (doc === undefined) return;
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toLowerCase());
    const parameters = [...route.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (doc.query) {
      for (const [name, schema] of Object.entries(doc.query.shape)) {
        parameters.push({
          name,
          in: 'query',
          required: false,
          schema: jsonSchema(schema as z.ZodType, 'input') as never,
        });
      }
    }
    const operation: Json = {
      summary: doc.summary,
      tags: [doc.tag],
      parameters,
      responses: {
        '2XX': {
          description: 'Success',
          ...(doc.response
            ? { content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } }
            : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: errorBody } } },
      },
    };
    if (config?.auth) operation.security = [{ bearer: [] }];
    if (config?.auth) operation.description = `Needs a ${config.auth.kinds.join(' or ')} key.`;
    if (doc.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } },
      };
    }
    paths[path] ??= {};
    for (const method of methods)
      if (method !== 'head') (paths[path] as Record<string, Json>)[method] = operation;
  });

  const document = () => ({
    openapi: '3.0.3',
    info: { title: 'Switchyard flag server', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  });

  app.get('/openapi.json', async () => document());
  app.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsPage(document())),
  );
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained page listing every operation with its schemas (no CDN, works offline). */
function renderDocsPage(doc: {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Json>>;
}): string {
  const sections = Object.entries(doc.paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
        const schema = (body?.['application/json'] as Json | undefined)?.schema;
        return `<section><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary))}${op.description ? ` <em>${escapeHtml(String(op.description))}</em>` : ''}</p>
${schema ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>` : ''}</section>`;
      }),
    );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}h3{margin-bottom:.25rem}</style>
</head><body><h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.
Errors are <code>{ "error": { "code", "message", "details"? } }</code>.</p>${sections.join('\n')}</body></html>`;
}
