import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

interface StreamedBodyConfig {
  streamedBody?: boolean;
}

/**
 * Marks a route whose handler reads the request stream (`request.raw`) itself, so that
 * a body of any size passes through in constant memory: no body parser reads it first.
 */
export const StreamedBody = () => RouteConfig({ streamedBody: true } satisfies StreamedBodyConfig);

export function hasStreamedBody(request: FastifyRequest): boolean {
  return (request.routeOptions.config as StreamedBodyConfig).streamedBody === true;
}
