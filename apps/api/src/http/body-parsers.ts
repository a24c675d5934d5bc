import { BadRequestException, UnsupportedMediaTypeException, type RawBodyRequest } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import getRawBody from 'raw-body';
import { hasStreamedBody } from './streamed-body.js';

/** `application/json` and `application/*+json`; Fastify matches it against the normalised type (lower case, `; param="…"`). */
const JSON_TYPES = /^application\/([^;]+\+)?json(;|$)/;

/**
 * How the API reads request bodies. JSON (up to `limit` bytes, else 413) is parsed
 * with its exact bytes kept as `rawBody`: the vendor report callback's signature is
 * computed over them. A body of any other type is a 415 (a JSON body sent as
 * text/plain is told what to send, not that its fields are missing), except on a
 * @StreamedBody() route, which reads its body itself (CSV, NDJSON uploads).
 */
export function registerBodyParsers(fastify: FastifyInstance, limit: number): void {
  // Fastify's own parsers would answer 415 for other types and read text/plain too.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    if (hasStreamedBody(request) || request.headers['content-length'] === '0') return done(null, undefined);
    done(new UnsupportedMediaTypeException(`send the body as JSON (Content-Type: application/json), not ${request.headers['content-type']}`), undefined);
  });
  // Proto-poisoning safe: a `__proto__` or `constructor.prototype` key is a 400.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Read here rather than with `parseAs: 'buffer'`, which would read a streamed route's body too.
  fastify.addContentTypeParser(JSON_TYPES, (request, payload, done) => {
    if (hasStreamedBody(request)) return done(null, undefined);
    getRawBody(payload, { length: request.headers['content-length'], limit }).then((raw) => {
      (request as RawBodyRequest<FastifyRequest>).rawBody = raw;
      // Empty counts as `{}` (a POST …/start sent with a JSON content type and no body).
      if (raw.length === 0) return done(null, {});
      // The parser answers through its callback; what it returns is nothing to wait for.
      void parseJson(request, raw.toString('utf8'), (error, body) => {
        // Only an object or an array, as before: `1` or `"x"` is a malformed request, refused before any guard runs.
        if (!error && (typeof body !== 'object' || body === null)) error = new BadRequestException('a JSON body must be an object or an array');
        done(error, body);
      });
    }, done);
  });
}
