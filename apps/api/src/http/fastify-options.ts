import type { FastifyServerOptions } from 'fastify';
import { answerClientError } from './client-error.js';

/**
 * Fastify set to answer as the API did on Express, where its defaults differ.
 */
export const FASTIFY_OPTIONS: FastifyServerOptions = {
  routerOptions: {
    // Paths match with or without a trailing slash, in any letter case (parameters keep theirs).
    ignoreTrailingSlash: true,
    caseSensitive: false,
    // An over-long id is a 400 naming the field, from its pipe, not a 404 (default limit: 100 characters).
    // Node's 16 KiB header limit bounds the request line anyway.
    maxParamLength: 16 * 1024,
  },
  // Node's own server timeouts. Fastify's defaults (72 s keep-alive, no limit on a
  // request) assume a proxy in front that enforces its own.
  keepAliveTimeout: 5_000,
  requestTimeout: 300_000,
  // Requests Node refuses before routing (431, 408, 400) answer in Herald's error shape too.
  clientErrorHandler: answerClientError,
};
