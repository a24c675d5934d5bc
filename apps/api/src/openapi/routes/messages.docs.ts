import {
  acceptedBatchSchema,
  acceptedNotificationSchema,
  notificationIdSchema,
  notificationViewSchema,
  sendBatchSchema,
  sendNotificationSchema,
} from '../../notifications/notification.dto.js';
import { createTemplateSchema, templateCodeSchema, templateViewSchema } from '../../templates/template.dto.js';
import { error, EXAMPLE_NOTIFICATION_ID, EXAMPLE_TIME, type RouteDoc } from '../route-doc.js';

const template = {
  code: 'ORDER_SHIPPED',
  body: '#{name}님, 주문 #{order}이(가) 발송되었습니다.',
  failbackBody: '[Herald] #{name}님 주문 #{order} 발송',
};
const storedTemplate = { tenantId: 'shop', ...template, createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME };

export const messageRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/templates',
    operationId: 'registerTemplate',
    tag: 'templates',
    summary: 'Register (or replace) a template the vendor approved',
    description: 'Placeholders are `#{name}`. Approval happens at the vendor, out of band; this copy lets Herald render and check.',
    auth: 'producerKey',
    idempotent: true,
    body: [{ schema: createTemplateSchema, example: template }],
    success: { status: 201, description: 'the stored template', schema: templateViewSchema, example: storedTemplate },
    errors: [error(400, 'validation_failed', 'letters, digits, _ and - only, at most 64', 'code')],
  },
  {
    method: 'get',
    path: '/v1/templates/{code}',
    operationId: 'getTemplate',
    tag: 'templates',
    summary: 'A registered template',
    auth: 'producerKey',
    params: { code: { schema: templateCodeSchema, example: 'ORDER_SHIPPED' } },
    success: { status: 200, description: 'the template', schema: templateViewSchema, example: storedTemplate },
    errors: [error(400, 'validation_failed', 'letters, digits, _ and - only, at most 64', 'code'), error(404, 'not_found', 'template ORDER_SHIPPED not found')],
  },
  {
    method: 'post',
    path: '/v1/notifications',
    operationId: 'sendNotification',
    tag: 'notifications',
    summary: 'Send one message',
    description:
      'Validates, renders, stores the message durably, queues it and answers 202; delivery happens asynchronously. ' +
      'Retry with the same `Idempotency-Key` to get the first answer instead of a second message.',
    auth: 'producerKey',
    idempotent: true,
    body: [
      {
        schema: sendNotificationSchema,
        example: {
          to: '010-1234-5678',
          templateCode: 'ORDER_SHIPPED',
          variables: { name: '김철수', order: 'A-1001' },
          ref: 'order-A-1001',
          failback: { text: '[Herald] 김철수님 주문 A-1001 발송' },
        },
      },
    ],
    success: { status: 202, description: 'stored and queued', schema: acceptedNotificationSchema, example: { id: EXAMPLE_NOTIFICATION_ID, status: 'pending' } },
    errors: [
      error(400, 'validation_failed', 'must be a Korean mobile number (e.g. 010-1234-5678 or +82 10 1234 5678)', 'to'),
      error(400, 'validation_failed', 'template ORDER_SHIPPED needs variable(s): order', 'variables.order'),
      error(400, 'unknown_template', 'template ORDER_SHIPPED is not registered', 'templateCode'),
    ],
  },
  {
    method: 'post',
    path: '/v1/notifications/batch',
    operationId: 'sendNotificationBatch',
    tag: 'notifications',
    summary: 'Send up to 1,000 messages in one request',
    description:
      'Each notification is checked as a single send is; one bad notification refuses the whole batch, naming ' +
      '`notifications.<index>.<field>`, and nothing is stored. Otherwise all are stored in one statement and queued ' +
      "together, and the answer lists them in the order sent. Each notification counts against the API key's rate limit. " +
      'Retry with the same `Idempotency-Key` to get the first answer instead of a second batch.',
    auth: 'producerKey',
    idempotent: true,
    body: [
      {
        schema: sendBatchSchema,
        example: {
          notifications: [
            { to: '010-1234-5678', templateCode: 'ORDER_SHIPPED', variables: { name: '김철수', order: 'A-1001' }, ref: 'order-A-1001' },
            { to: '010-2345-6789', templateCode: 'ORDER_SHIPPED', variables: { name: '이영희', order: 'A-1002' }, ref: 'order-A-1002' },
          ],
        },
      },
    ],
    success: {
      status: 202,
      description: 'all stored and queued, in the order sent',
      schema: acceptedBatchSchema,
      example: {
        notifications: [
          { id: EXAMPLE_NOTIFICATION_ID, status: 'pending' },
          { id: '01960000-0000-7000-8000-000000000002', status: 'pending' },
        ],
      },
    },
    errors: [
      error(400, 'validation_failed', 'must be a Korean mobile number (e.g. 010-1234-5678 or +82 10 1234 5678)', 'notifications.1.to'),
      error(400, 'validation_failed', 'holds at most 1000 notifications; send more in several batches or as a campaign', 'notifications'),
      error(400, 'unknown_template', 'template ORDER_SHIPPED is not registered', 'notifications.0.templateCode'),
    ],
  },
  {
    method: 'get',
    path: '/v1/notifications/{id}',
    operationId: 'getNotification',
    tag: 'notifications',
    summary: 'A message with its status history',
    auth: 'producerKey',
    params: { id: { schema: notificationIdSchema, example: EXAMPLE_NOTIFICATION_ID } },
    success: {
      status: 200,
      description: 'the message and every status change (from, to, actor, attempt, code, time)',
      schema: notificationViewSchema,
      example: {
        id: EXAMPLE_NOTIFICATION_ID,
        tenantId: 'shop',
        ref: 'order-A-1001',
        recipient: '010****5678',
        templateCode: 'ORDER_SHIPPED',
        variables: { name: '김철수', order: 'A-1001' },
        text: '김철수님, 주문 A-1001이(가) 발송되었습니다.',
        channel: 'alimtalk',
        failbackText: '[Herald] 김철수님 주문 A-1001 발송',
        failbackTitle: null,
        failbackChannel: 'sms',
        status: 'delivered',
        attempts: 1,
        vendorMsgKey: 'MK-20260501-000001',
        lastCode: null,
        lastError: null,
        campaignId: null,
        sendBatchId: null,
        requestKey: 'shop/order-A-1001-shipped',
        createdAt: EXAMPLE_TIME,
        updatedAt: EXAMPLE_TIME,
        history: [
          {
            id: 1001,
            notificationId: EXAMPLE_NOTIFICATION_ID,
            fromStatus: null,
            toStatus: 'pending',
            actor: 'api',
            attempt: null,
            code: null,
            detail: null,
            nextAttemptAt: null,
            at: EXAMPLE_TIME,
          },
          {
            id: 1002,
            notificationId: EXAMPLE_NOTIFICATION_ID,
            fromStatus: 'pending',
            toStatus: 'sending',
            actor: 'worker',
            attempt: 1,
            code: null,
            detail: null,
            nextAttemptAt: null,
            at: EXAMPLE_TIME,
          },
          {
            id: 1003,
            notificationId: EXAMPLE_NOTIFICATION_ID,
            fromStatus: 'sending',
            toStatus: 'sent',
            actor: 'worker',
            attempt: 1,
            code: 'A000',
            detail: null,
            nextAttemptAt: null,
            at: EXAMPLE_TIME,
          },
          {
            id: 1004,
            notificationId: EXAMPLE_NOTIFICATION_ID,
            fromStatus: 'sent',
            toStatus: 'delivered',
            actor: 'vendor-report',
            attempt: null,
            code: '0000',
            detail: null,
            nextAttemptAt: null,
            at: EXAMPLE_TIME,
          },
        ],
      },
    },
    errors: [
      error(400, 'validation_failed', 'must be a notification id (UUID)', 'id'),
      error(404, 'not_found', `notification ${EXAMPLE_NOTIFICATION_ID} not found`),
    ],
  },
];
