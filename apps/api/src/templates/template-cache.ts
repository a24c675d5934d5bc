import { Inject, Injectable } from '@nestjs/common';
import { ExpiringCache } from '../../../../libs/common/src/index.js';
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
  private readonly templates: ExpiringCache<string, Template>;

  constructor(
    private readonly repository: TemplateRepository,
    @Inject(API_CONFIG) config: Pick<ApiConfig, 'TEMPLATE_CACHE_MS'>,
  ) {
    this.templates = new ExpiringCache(config.TEMPLATE_CACHE_MS);
  }

  find(tenantId: string, code: string): Promise<Template | undefined> {
    return this.templates.get(`${tenantId}/${code}`, () => this.repository.find(tenantId, code));
  }

  forget(tenantId: string, code: string): void {
    this.templates.forget(`${tenantId}/${code}`);
  }
}
