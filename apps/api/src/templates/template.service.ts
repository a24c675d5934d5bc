import { Injectable } from '@nestjs/common';
import { TemplateRepository, type Template } from '../../../../libs/db/src/index.js';
import type { CreateTemplateDto } from './template.dto.js';
import { ApiError } from '../errors/api-error.js';
import { TemplateCache } from './template-cache.js';

@Injectable()
export class TemplateService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly cache: TemplateCache,
  ) {}

  async register(tenantId: string, input: CreateTemplateDto): Promise<Template> {
    const template = await this.templates.upsert(tenantId, input);
    this.cache.forget(tenantId, template.code);
    return template;
  }

  async get(tenantId: string, code: string): Promise<Template> {
    const template = await this.templates.find(tenantId, code);
    if (!template) throw ApiError.notFound(`template ${code}`);
    return template;
  }
}
