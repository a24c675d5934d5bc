import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { WebhookSubscriptionRepository, type WebhookSubscription } from '../../../../libs/db/src/index.js';
import { newSigningSecret, postSigned, SecretBox } from '../../../../libs/webhooks/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiError } from '../errors/api-error.js';
import { checkEndpoint } from './webhook-endpoint.js';
import type { CreateWebhookDto, UpdateWebhookDto, WebhookTestResult, WebhookView, WebhookWithSecret } from './webhook.dto.js';

/** How long a test delivery waits for the endpoint. */
const TEST_TIMEOUT_MS = 10_000;

/**
 * A tenant's webhook subscriptions. The signing secret is made here, shown once, and
 * kept sealed (SecretBox under WEBHOOK_SECRET_KEY); without that key webhooks are off.
 */
@Injectable()
export class WebhookService {
  private readonly box?: SecretBox;

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    if (config.WEBHOOK_SECRET_KEY) this.box = new SecretBox(config.WEBHOOK_SECRET_KEY);
  }

  async create(tenantId: string, input: CreateWebhookDto): Promise<WebhookWithSecret> {
    const box = this.sealer();
    await checkEndpoint(input.url, this.config.WEBHOOK_ALLOW_PRIVATE ?? false);
    const secret = newSigningSecret();
    const row = await this.subscriptions.create({
      id: uuidv7(),
      tenantId,
      url: input.url,
      events: input.events,
      description: input.description ?? null,
      maxPerSecond: input.maxPerSecond ?? null,
      batchMaxSize: input.batch?.maxSize ?? null,
      batchMaxWaitMs: input.batch?.maxWaitMs ?? null,
      sealedSecret: box.seal(secret),
    });
    if (!row) throw ApiError.validation('url', 'this tenant already has a subscription to this URL');
    return { ...webhookView(row), secret };
  }

  async list(tenantId: string): Promise<{ items: WebhookView[] }> {
    this.sealer();
    return { items: (await this.subscriptions.list(tenantId)).map(webhookView) };
  }

  async get(tenantId: string, id: string): Promise<WebhookView> {
    this.sealer();
    return webhookView(await this.mustFind(tenantId, id));
  }

  async update(tenantId: string, id: string, changes: UpdateWebhookDto): Promise<WebhookView> {
    this.sealer();
    if (changes.url) await checkEndpoint(changes.url, this.config.WEBHOOK_ALLOW_PRIVATE ?? false);
    const { batch, ...rest } = changes;
    const row = await this.subscriptions.update(tenantId, id, {
      ...rest,
      ...(batch === undefined ? {} : { batchMaxSize: batch?.maxSize ?? null, batchMaxWaitMs: batch?.maxWaitMs ?? null }),
    });
    if (row === 'duplicate') throw ApiError.validation('url', 'this tenant already has a subscription to this URL');
    if (!row) throw ApiError.notFound(`webhook ${id}`);
    return webhookView(row);
  }

  /** A new secret, shown once; the old one keeps signing beside it for `overlapSeconds`. */
  async rotateSecret(tenantId: string, id: string, overlapSeconds: number): Promise<WebhookWithSecret> {
    const box = this.sealer();
    const secret = newSigningSecret();
    const row = await this.subscriptions.rotateSecret(tenantId, id, box.seal(secret), overlapSeconds);
    if (!row) throw ApiError.notFound(`webhook ${id}`);
    return { ...webhookView(row), secret };
  }

  /**
   * Sends one signed `webhook.test` event to the endpoint now, and says what it
   * answered: the receiver's signature check can be tried before any real event. Signed
   * with every secret in force (both during a rotation's overlap); the address is
   * checked again first, since DNS may have changed since the subscription.
   */
  async test(tenantId: string, id: string): Promise<WebhookTestResult> {
    const box = this.sealer();
    const row = await this.mustFind(tenantId, id);
    await checkEndpoint(row.url, this.config.WEBHOOK_ALLOW_PRIVATE ?? false);
    const secrets = [box.open(row.sealedSecret)];
    if (row.sealedPreviousSecret && row.previousSecretUntil && row.previousSecretUntil.getTime() > Date.now()) secrets.push(box.open(row.sealedPreviousSecret));
    const eventId = `evt_${uuidv7().replaceAll('-', '')}`;
    const at = new Date();
    const body = JSON.stringify({ id: eventId, type: 'webhook.test', timestamp: at.toISOString(), data: { subscriptionId: row.id } });
    const outcome = await postSigned(row.url, body, { secrets, id: eventId, at }, TEST_TIMEOUT_MS);
    return { delivered: outcome.status !== null && outcome.status >= 200 && outcome.status < 300, eventId, ...outcome };
  }

  async remove(tenantId: string, id: string): Promise<void> {
    this.sealer();
    if (!(await this.subscriptions.remove(tenantId, id))) throw ApiError.notFound(`webhook ${id}`);
  }

  private async mustFind(tenantId: string, id: string): Promise<WebhookSubscription> {
    const row = await this.subscriptions.find(tenantId, id);
    if (!row) throw ApiError.notFound(`webhook ${id}`);
    return row;
  }

  private sealer(): SecretBox {
    if (!this.box) throw new ApiError(404, 'not_found', 'webhooks are off: set WEBHOOK_SECRET_KEY to use them');
    return this.box;
  }
}

function webhookView(row: WebhookSubscription): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookView['events'],
    description: row.description,
    status: row.status,
    maxPerSecond: row.maxPerSecond,
    batch: row.batchMaxSize === null ? null : { maxSize: row.batchMaxSize, maxWaitMs: row.batchMaxWaitMs ?? 0 },
    previousSecretUntil: row.previousSecretUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
