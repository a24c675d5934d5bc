import {
  createWebhookSchema,
  rotateWebhookSecretSchema,
  updateWebhookSchema,
  webhookIdSchema,
  webhookListSchema,
  webhookTestResultSchema,
  webhookViewSchema,
  webhookWithSecretSchema,
} from '../../webhooks/webhook.dto.js';
import { error, EXAMPLE_TIME, type RouteDoc } from '../route-doc.js';

const webhook = {
  id: '01968f81-2e3f-7a4b-8c5d-6e7f8a9b0c1d',
  url: 'https://orders.example.com/herald-events',
  events: ['notification.delivered', 'notification.failed'],
  description: 'order status to the orders service',
  status: 'active',
  maxPerSecond: 50,
  batch: null,
  previousSecretUntil: null,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
const withSecret = { ...webhook, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=' };
const id = { id: { schema: webhookIdSchema, example: webhook.id } };
const notFound = error(404, 'not_found', `webhook ${webhook.id} not found`);
const badUrl = error(400, 'validation_failed', 'must not point to a loopback, private or link-local address', 'url');

export const webhookRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhook',
    tag: 'webhooks',
    summary: 'Subscribe an endpoint to status events; its signing secret is in this answer only',
    description:
      'Deliveries follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`): ' +
      'verify them with the `standardwebhooks` package. http(s) URLs only; loopback, private and link-local addresses are refused.',
    auth: 'producerKey',
    body: [{ schema: createWebhookSchema, example: { url: webhook.url, events: webhook.events, description: webhook.description, maxPerSecond: 50 } }],
    success: { status: 201, description: 'the subscription and its secret, shown once', schema: webhookWithSecretSchema, example: withSecret },
    errors: [badUrl, error(400, 'validation_failed', 'this tenant already has a subscription to this URL', 'url')],
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhooks',
    tag: 'webhooks',
    summary: "The tenant's subscriptions (never their secrets)",
    auth: 'producerKey',
    success: { status: 200, description: 'the subscriptions, oldest first', schema: webhookListSchema, example: { items: [webhook] } },
  },
  {
    method: 'get',
    path: '/v1/webhooks/{id}',
    operationId: 'getWebhook',
    tag: 'webhooks',
    summary: 'One subscription',
    auth: 'producerKey',
    params: id,
    success: { status: 200, description: 'the subscription', schema: webhookViewSchema, example: webhook },
    errors: [notFound],
  },
  {
    method: 'patch',
    path: '/v1/webhooks/{id}',
    operationId: 'updateWebhook',
    tag: 'webhooks',
    summary: 'Change the URL, events or limits, or pause and resume (status)',
    auth: 'producerKey',
    params: id,
    body: [{ schema: updateWebhookSchema, example: { status: 'paused' } }],
    success: { status: 200, description: 'the subscription as it is now', schema: webhookViewSchema, example: { ...webhook, status: 'paused' } },
    errors: [notFound, badUrl],
  },
  {
    method: 'post',
    path: '/v1/webhooks/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    tag: 'webhooks',
    summary: 'A new signing secret, shown once; the old one keeps signing beside it for overlapSeconds (default 24 h)',
    auth: 'producerKey',
    params: id,
    body: [{ schema: rotateWebhookSecretSchema, example: { overlapSeconds: 3600 } }],
    success: {
      status: 201,
      description: 'the subscription and its new secret, shown once',
      schema: webhookWithSecretSchema,
      example: { ...withSecret, previousSecretUntil: EXAMPLE_TIME },
    },
    errors: [notFound],
  },
  {
    method: 'post',
    path: '/v1/webhooks/{id}/test',
    operationId: 'testWebhook',
    tag: 'webhooks',
    summary: 'Send one signed webhook.test event now and say what the endpoint answered',
    description: 'Signed like every delivery (with both secrets during a rotation). Redirects are not followed; the endpoint has 10 s.',
    auth: 'producerKey',
    params: id,
    success: {
      status: 200,
      description: "the endpoint's answer",
      schema: webhookTestResultSchema,
      example: { delivered: true, status: 204, durationMs: 42, eventId: 'evt_01968f812e3f7a4b8c5d6e7f8a9b0c1e' },
    },
    errors: [notFound, badUrl],
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    operationId: 'deleteWebhook',
    tag: 'webhooks',
    summary: 'Unsubscribe',
    auth: 'producerKey',
    params: id,
    success: { status: 204, description: 'deleted' },
    errors: [notFound],
  },
];
