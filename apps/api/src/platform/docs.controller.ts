import send from '@fastify/send';
import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';
import { SWAGGER_UI_ASSETS, SWAGGER_UI_PAGE } from '../openapi/swagger-ui-page.js';

/** The API's own description: OpenAPI at /docs-json and Swagger UI at /docs. Public: it holds no secret. */
@Controller()
export class DocsController {
  // Built once: the schemas do not change while the process runs.
  private readonly document = buildOpenApiDocument();

  @Get('docs-json')
  openApi() {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return SWAGGER_UI_PAGE;
  }

  @Get('docs/assets/:file')
  async asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const path = Object.hasOwn(SWAGGER_UI_ASSETS, file) ? SWAGGER_UI_ASSETS[file] : undefined;
    if (!path) throw ApiError.notFound(`docs asset ${file}`);
    // @fastify/send (what @fastify/static serves with): content type, caching, ETag, ranges and conditional GETs.
    const sent = await send(request.raw, path, { maxAge: '1h' });
    if (sent.type === 'error') throw sent.metadata.error;
    response.code(sent.statusCode).headers(sent.headers).send(sent.stream);
  }
}
