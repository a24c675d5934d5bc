import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { MicroBatcher, unlessUnavailable } from '../../../../libs/common/src/index.js';
import { NotificationRepository, type NewNotification, type Notification, type NotificationEvent, type Template } from '../../../../libs/db/src/index.js';
import { maskPhone, normalizeKoreanMobile, renderTemplate } from '../../../../libs/domain/src/index.js';
import { SendQueue } from '../../../../libs/queue/src/index.js';
import type { KeyedRequest } from '../idempotency/keyed-request.js';
import { hasScope, type CallerTenant as Tenant, type ProducerCredential } from '../auth/credential.js';
import { DailyQuotaGate } from '../tenants/daily-quota.gate.js';
import type { SendNotificationDto } from './notification.dto.js';
import { ApiError } from '../errors/api-error.js';
import { resolveFailback } from './failback-text.js';
import { TemplateCache } from '../templates/template-cache.js';

/** Rows one statement stores for concurrent single sends; a batch send stores up to 1,000 itself. */
const SINGLES_PER_STATEMENT = 500;
/** Statements storing single sends at once: fewer keep pool connections free for everything else, and make batches grow under load. */
const SINGLE_STATEMENTS_IN_FLIGHT = 4;

@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);
  /**
   * Single sends arriving together are stored by one statement and queued by one
   * addBulk, as a batch send is: one commit (and its WAL flush) and one Redis round
   * trip for many requests instead of one each. Each request still answers only once
   * its own row is committed and its job queued (or left to the reconciler).
   */
  private readonly singles = new MicroBatcher<NewNotification, Notification>({
    run: (prepared) => this.store(prepared),
    maxSize: SINGLES_PER_STATEMENT,
    maxWaitMs: 0,
    maxInFlight: SINGLE_STATEMENTS_IN_FLIGHT,
    // One request's row that fails the shared INSERT fails that request alone.
    splitWhen: unlessUnavailable,
  });

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly templates: TemplateCache,
    private readonly sendQueue: SendQueue,
    private readonly quota: DailyQuotaGate,
  ) {}

  /**
   * Validates and renders, stores the row, then enqueues. The row is committed
   * first: if the enqueue fails the row stays `pending` and is found again by the
   * reconciler, whereas a job without a row would be a message nobody can trace.
   */
  async send(tenant: Tenant, input: SendNotificationDto, keyed?: KeyedRequest): Promise<Notification> {
    const stored = await this.storedBefore(keyed);
    if (stored) return stored[0]!;
    const row = await this.prepare(tenant.id, input, (field) => field, new Map());
    return this.quota.spendFor(tenant, 1, () => this.singles.submit({ ...row, requestKey: keyed?.requestKey ?? null }));
  }

  /**
   * The rows a keyed request stored before its process died (its answer never
   * recorded), found when a retry takes its key over: answered again, and queued again
   * in case the crash came before the enqueue (job ids make that harmless), instead of
   * being stored a second time. Undefined when nothing was stored.
   */
  private async storedBefore(keyed: KeyedRequest | undefined): Promise<Notification[] | undefined> {
    if (!keyed?.resumesAbandoned) return undefined;
    const rows = await this.notifications.findByRequestKey(keyed.requestKey);
    if (rows.length === 0) return undefined;
    this.logger.log(`request ${keyed.requestKey} stored ${rows.length} notification(s) before its process died; answering with them`);
    await this.sendQueue.enqueueNotifications(rows.filter((row) => row.status === 'pending')).catch(() => undefined);
    return rows;
  }

  /**
   * Many notifications at once, all or nothing: each is checked as a single send is,
   * and one bad notification refuses the whole batch (its index in the error's field)
   * before anything is stored. Then one statement stores them all and one addBulk
   * queues them, which is what makes a batch cheaper than as many single sends.
   */
  async sendBatch(tenant: Tenant, inputs: SendNotificationDto[], keyed?: KeyedRequest): Promise<Notification[]> {
    const stored = await this.storedBefore(keyed);
    if (stored) return stored;
    const templates = new Map<string, Template | undefined>();
    const prepared: NewNotification[] = [];
    for (const [index, input] of inputs.entries()) {
      prepared.push({
        ...(await this.prepare(tenant.id, input, (field) => `notifications.${index}.${field}`, templates)),
        requestKey: keyed?.requestKey ?? null,
      });
    }
    return this.quota.spendFor(tenant, prepared.length, () => this.store(prepared));
  }

  /** The row to store for one request, or the 400 that names its field (through `fieldOf`). */
  private async prepare(
    tenantId: string,
    input: SendNotificationDto,
    fieldOf: (field: string) => string,
    templates: Map<string, Template | undefined>,
  ): Promise<NewNotification> {
    const recipient = normalizeKoreanMobile(input.to);
    if (!recipient) throw ApiError.validation(fieldOf('to'), 'must be a Korean mobile number (e.g. 010-1234-5678 or +82 10 1234 5678)');
    if (!templates.has(input.templateCode)) templates.set(input.templateCode, await this.templates.find(tenantId, input.templateCode));
    const template = templates.get(input.templateCode);
    if (!template) throw new ApiError(400, 'unknown_template', `template ${input.templateCode} is not registered`, fieldOf('templateCode'));
    const rendered = renderTemplate(template.body, input.variables);
    if (!rendered.ok) {
      throw ApiError.validation(fieldOf(`variables.${rendered.missing[0]}`), `template ${template.code} needs variable(s): ${rendered.missing.join(', ')}`);
    }
    const failback = resolveFailback(input, template, fieldOf);
    return { id: uuidv7(), tenantId, ref: input.ref, recipient, templateCode: template.code, variables: input.variables, text: rendered.text, ...failback };
  }

  private async store(prepared: NewNotification[]): Promise<Notification[]> {
    const notifications = await this.notifications.insertPendingMany(prepared, 'api');
    try {
      // Bounded by ENQUEUE_TIMEOUT_MS (the API's queues give up on a Redis that does not answer).
      await this.sendQueue.enqueueNotifications(notifications);
    } catch (error) {
      // Accepted all the same: the rows are durable and the reconciler re-enqueues them.
      this.logger.warn({
        msg: `enqueue failed, left pending for the reconciler: ${(error as Error).message}`,
        notificationIds: notifications.map((notification) => notification.id),
      });
    }
    return notifications;
  }

  /** Another tenant's notification is not found: its existence is not revealed. */
  async get(producer: ProducerCredential, id: string): Promise<Notification & { history: NotificationEvent[] }> {
    const notification = await this.notifications.find(id, producer.tenant.id);
    if (!notification) throw ApiError.notFound(`notification ${id}`);
    const recipient = hasScope(producer, 'recipients:read') ? notification.recipient : maskPhone(notification.recipient);
    return { ...notification, recipient, history: await this.notifications.history(id) };
  }
}
