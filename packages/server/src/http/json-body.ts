import { jsonTextDeeperThan, MAX_JSON_DEPTH } from '@switchyard/shared';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/**
 * How deep a request body may nest: a flag's variant values may use {@link MAX_JSON_DEPTH} levels
 * (the flag schema checks that and names the variant), plus a few for the document around them.
 */
export const MAX_BODY_DEPTH = MAX_JSON_DEPTH + 8;

/**
 * JSON bodies as Fastify parses them (prototype-poisoning checks included), after one pass that
 * refuses nesting deeper than {@link MAX_BODY_DEPTH}: schemas, serializers and stores recurse, and a
 * body 100,000 levels deep would otherwise exhaust their stack (a 500, or a store that cannot restart).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (jsonTextDeeperThan(text, MAX_BODY_DEPTH)) {
      done(
        new ApiError(
          'SY_ERR_BAD_JSON',
          `The body nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels`,
        ),
        undefined,
      );
      return;
    }
    parse(request, text, done);
  });
}
