import { deadLetterPageSchema, listDeadLettersSchema, redriveResultSchema, redriveSchema } from '../../dead-letters/dead-letter.dto.js';
import { vendorBudgetSchema, vendorBudgetViewSchema } from '../../vendor-budget/vendor-budget.dto.js';
import { deliveryReportsSchema, reportsReceivedSchema } from '../../reports/report.dto.js';
import { listSuppressionsSchema, phoneParamSchema, suppressionPageSchema, suppressionViewSchema, suppressSchema } from '../../suppressions/suppression.dto.js';
import { error, EXAMPLE_CAMPAIGN_ID, EXAMPLE_NOTIFICATION_ID, EXAMPLE_TIME, type RouteDoc } from '../route-doc.js';

export const suppression = { phone: '010****5678', reason: 'opted out by SMS reply', createdAt: EXAMPLE_TIME };
const phone = { phone: { schema: phoneParamSchema, example: '010-1234-5678' } };
const noSuppression = error(404, 'not_found', 'suppression of 010****5678 not found');
const badPhone = error(400, 'validation_failed', 'must be a Korean mobile number (e.g. 010-1234-5678)', 'phone');
const budget = { tps: 200, limiter: { max: 10, duration: 50 } };

export const suppressionRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/suppressions',
    operationId: 'suppressPhone',
    tag: 'suppressions',
    summary: 'Opt a phone out of campaigns (any spelling of the number matches)',
    auth: 'producerKey',
    body: [{ schema: suppressSchema, example: { phone: '010-1234-5678', reason: 'opted out by SMS reply' } }],
    success: { status: 201, description: 'the suppression', schema: suppressionViewSchema, example: suppression },
    errors: [badPhone],
  },
  {
    method: 'get',
    path: '/v1/suppressions',
    operationId: 'listSuppressions',
    tag: 'suppressions',
    summary: 'Suppressed phones, keyset-paged by phone',
    auth: 'producerKey',
    query: listSuppressionsSchema,
    success: {
      status: 200,
      description: 'one page; phones masked unless the key has the recipients:read scope',
      schema: suppressionPageSchema,
      example: { items: [suppression], nextCursor: null },
    },
    errors: [error(400, 'validation_failed', 'Too big: expected number to be <=1000', 'limit')],
  },
  {
    method: 'get',
    path: '/v1/suppressions/{phone}',
    operationId: 'getSuppression',
    tag: 'suppressions',
    summary: 'Whether a phone is suppressed, and why',
    auth: 'producerKey',
    params: phone,
    success: { status: 200, description: 'the suppression', schema: suppressionViewSchema, example: suppression },
    errors: [badPhone, noSuppression],
  },
  {
    method: 'delete',
    path: '/v1/suppressions/{phone}',
    operationId: 'removeSuppression',
    tag: 'suppressions',
    summary: 'Lift a suppression',
    auth: 'producerKey',
    params: phone,
    success: { status: 204, description: 'lifted' },
    errors: [badPhone, noSuppression],
  },
];

export const operationRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/dlq',
    operationId: 'listDeadLetters',
    tag: 'dead letters',
    summary: 'Dead notifications, newest first, keyset-paged (nextCursor)',
    auth: 'producerKey',
    query: listDeadLettersSchema,
    success: {
      status: 200,
      description: 'one page; phones masked',
      schema: deadLetterPageSchema,
      example: {
        items: [
          {
            id: EXAMPLE_NOTIFICATION_ID,
            tenantId: 'shop',
            to: '010****5678',
            templateCode: 'ORDER_SHIPPED',
            campaignId: EXAMPLE_CAMPAIGN_ID,
            code: 'E106',
            error: 'invalid phone number',
            attempts: 1,
            diedAt: EXAMPLE_TIME,
          },
        ],
        nextCursor: null,
      },
    },
    errors: [error(400, 'validation_failed', 'is not a cursor this API returned', 'cursor')],
  },
  {
    method: 'post',
    path: '/v1/dlq/redrive',
    operationId: 'redriveDeadLetters',
    tag: 'dead letters',
    summary: 'Send dead notifications back to the send queue with a fresh attempt budget',
    description: 'Give `ids`, or at least one filter; at most 10,000 per call (`more: true` when there are more).',
    auth: 'producerKey',
    body: [{ schema: redriveSchema, example: { code: 'E500', since: '2026-05-01T00:00:00+09:00' } }],
    success: { status: 200, description: 'how many were redriven', schema: redriveResultSchema, example: { redriven: 42, more: false } },
    errors: [
      error(
        400,
        'validation_failed',
        'give ids or at least one filter (code, templateCode, campaignId, since, until); an empty filter would redrive everything',
        '(body)',
      ),
    ],
  },
  {
    method: 'get',
    path: '/v1/vendor/rate-limit',
    operationId: 'getVendorRateLimit',
    tag: 'vendor',
    summary: 'The vendor TPS budget in force (shared by every worker)',
    auth: 'operatorKey',
    success: { status: 200, description: 'the budget and the queue limiter shaped from it', schema: vendorBudgetViewSchema, example: budget },
  },
  {
    method: 'put',
    path: '/v1/vendor/rate-limit',
    operationId: 'setVendorRateLimit',
    tag: 'vendor',
    summary: 'Change the vendor TPS budget at runtime, for every worker at once',
    auth: 'operatorKey',
    body: [{ schema: vendorBudgetSchema, example: { tps: 200 } }],
    success: { status: 200, description: 'the budget now in force', schema: vendorBudgetViewSchema, example: budget },
    errors: [error(400, 'validation_failed', 'Too small: expected number to be >=1', 'tps')],
  },
  {
    method: 'post',
    path: '/v1/vendor/reports',
    operationId: 'receiveVendorReports',
    tag: 'vendor',
    summary: "The vendor's delivery-report callback: one report or an array",
    description:
      'Signed with `x-signature: sha256=<hex HMAC-SHA256(REPORT_SECRET, raw body)>`; acknowledged once durable ' +
      '(queued, or kept in Postgres while Redis is down), applied in batches; 503 when neither can take it, so the ' +
      'vendor retries. Unknown or repeated reports change nothing. Not limited by API key.',
    auth: 'reportSignature',
    body: [
      {
        schema: deliveryReportsSchema,
        example: [
          {
            msgKey: 'MK-20260501-000001',
            ref: EXAMPLE_NOTIFICATION_ID,
            channel: 'alimtalk',
            status: 'delivered',
            code: '0000',
            message: 'delivered',
            reportedAt: '2026-05-01T18:30:02+09:00',
          },
        ],
      },
    ],
    success: { status: 200, description: 'how many reports were queued', schema: reportsReceivedSchema, example: { received: 1 } },
    errors: [error(400, 'validation_failed', 'Invalid option: expected one of "delivered"|"failed"', '0.status')],
  },
];
