import { Inject, Injectable } from '@nestjs/common';
import { TemplateRepository, type Template } from '../../../../libs/db/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';

/**
 * Templates as sends read them: every send renders one, and asking Postgres each time
 * was a round trip per request for a row that changes only when it is re-registered.
 * A template is kept for TEMPLATE_CACHE_MS; registering it through this process
 * forgets it at once, other API processes see the new body within that time. An
 * unknown code is not kept, so a template registered after a refused send works at
 * once. Concurrent misses share one query.
 */
@Injectable()
export class TemplateCache {
  /** By `<tenant id>/<code>`. */
  private readonly entries = new Map<string, { template: Promise<Template | undefined>; until: number }>();

  constructor(
    private readonly templates: TemplateRepository,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'TEMPLATE_CACHE_MS'>,
  ) {}

  find(tenantId: string, templateCode: string): Promise<Template | undefined> {
    const code = `${tenantId}/${templateCode}`;
    const now = Date.now();
    const entry = this.entries.get(code);
    if (entry && entry.until > now) return entry.template;
    const template = this.templates.find(tenantId, templateCode);
    if (this.config.TEMPLATE_CACHE_MS === 0) return template;
    this.entries.set(code, { template, until: now + this.config.TEMPLATE_CACHE_MS });
    // Neither a failed query nor an unknown code is kept.
    template.then(
      (found) => {
        if (!found) this.forgetIf(code, template);
      },
      () => this.forgetIf(code, template),
    );
    return template;
  }

  forget(tenantId: string, code: string): void {
    this.entries.delete(`${tenantId}/${code}`);
  }

  private forgetIf(code: string, template: Promise<Template | undefined>): void {
    if (this.entries.get(code)?.template === template) this.entries.delete(code);
  }
}
