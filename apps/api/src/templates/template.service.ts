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

  async register(input: CreateTemplateDto): Promise<Template> {
    const template = await this.templates.upsert(input);
    this.cache.forget(template.code);
    return template;
  }

  async get(code: string): Promise<Template> {
    const template = await this.templates.find(code);
    if (!template) throw ApiError.notFound(`template ${code}`);
    return template;
  }
}
