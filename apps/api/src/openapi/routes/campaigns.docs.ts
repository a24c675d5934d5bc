import { z } from 'zod';
import {
  campaignIdSchema,
  campaignViewSchema,
  createCampaignSchema,
  MAX_JSON_RECIPIENTS,
  recipientSchema,
  uploadResultSchema,
} from '../../campaigns/campaign.dto.js';
import { error, EXAMPLE_CAMPAIGN_ID, EXAMPLE_TIME, type RouteDoc } from '../route-doc.js';

const id = { id: { schema: campaignIdSchema, example: EXAMPLE_CAMPAIGN_ID } };
const badId = error(400, 'validation_failed', 'must be a campaign id (UUID)', 'id');
const unknown = error(404, 'not_found', `campaign ${EXAMPLE_CAMPAIGN_ID} not found`);

const counts = { pending: 419_000, sending: 40, sent: 300, delivered: 600, failed: 20, failback: 30, dead: 2, skipped: 8, cancelled: 0, expired: 0 };
const view = (status: string) => ({
  id: EXAMPLE_CAMPAIGN_ID,
  name: '5월 배송 안내',
  templateCode: 'ORDER_SHIPPED',
  status,
  scheduledAt: null,
  recipientCount: 420_000,
  counts,
  sendRate: 199.6,
  etaSeconds: 2100,
  createdAt: EXAMPLE_TIME,
  startedAt: EXAMPLE_TIME,
  finishedAt: null,
});

/** The live validator of one JSON page: an array of the same recipients CSV rows and NDJSON lines are checked as. */
export const recipientPageSchema = z.array(recipientSchema).min(1).max(MAX_JSON_RECIPIENTS);

function lifecycle(action: 'start' | 'pause' | 'resume' | 'cancel', summary: string, status: string, found: string): RouteDoc {
  return {
    method: 'post',
    path: `/v1/campaigns/{id}/${action}`,
    operationId: `${action}Campaign`,
    tag: 'campaigns',
    summary,
    auth: 'producerKey',
    params: id,
    success: { status: 200, description: 'the campaign after the move', schema: campaignViewSchema, example: view(status) },
    errors: [
      badId,
      unknown,
      error(409, 'campaign_state', `cannot ${action} a campaign that is ${found}`),
      ...(action === 'start' ? [error(409, 'campaign_empty', 'add recipients before starting the campaign')] : []),
    ],
  };
}

export const campaignRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/campaigns',
    operationId: 'createCampaign',
    tag: 'campaigns',
    summary: 'Create a campaign: a draft, or scheduled to start by itself at scheduledAt',
    auth: 'producerKey',
    idempotent: true,
    body: [{ schema: createCampaignSchema, example: { name: '5월 배송 안내', templateCode: 'ORDER_SHIPPED', variables: { order: 'A-1001' } } }],
    success: {
      status: 201,
      description: 'the campaign',
      schema: campaignViewSchema,
      example: { ...view('draft'), recipientCount: 0, sendRate: 0, etaSeconds: 0, startedAt: null },
    },
    errors: [
      error(400, 'validation_failed', 'must be in the future', 'scheduledAt'),
      error(400, 'unknown_template', 'template ORDER_SHIPPED is not registered', 'templateCode'),
    ],
  },
  {
    method: 'get',
    path: '/v1/campaigns/{id}',
    operationId: 'getCampaign',
    tag: 'campaigns',
    summary: 'Status, counts by message status, send rate and ETA',
    auth: 'producerKey',
    params: id,
    success: { status: 200, description: 'the campaign', schema: campaignViewSchema, example: view('running') },
    errors: [badId, unknown],
  },
  {
    method: 'post',
    path: '/v1/campaigns/{id}/recipients',
    operationId: 'addCampaignRecipients',
    tag: 'campaigns',
    summary: 'Add recipients (before the start); re-uploading a recipient changes nothing',
    description:
      `A JSON array of at most ${MAX_JSON_RECIPIENTS} recipients, or a streamed text/csv (header with a \`to\` column; ` +
      'other columns are variables) or application/x-ndjson body of any size. Invalid rows are skipped and reported.',
    auth: 'producerKey',
    params: id,
    body: [
      {
        schema: recipientPageSchema,
        example: [
          { to: '010-1234-5678', variables: { name: '김철수' } },
          { to: '010-2345-6789', variables: { name: '이영희' } },
        ],
      },
      { mediaType: 'text/csv', schema: z.string(), example: 'to,name\n010-1234-5678,김철수\n010-2345-6789,이영희\n' },
      {
        mediaType: 'application/x-ndjson',
        schema: z.string(),
        description: 'one recipient object per line, each as in the JSON array',
        example: '{"to":"010-1234-5678","variables":{"name":"김철수"}}\n{"to":"010-2345-6789","variables":{"name":"이영희"}}\n',
      },
    ],
    success: {
      status: 200,
      description: 'what the upload did',
      schema: uploadResultSchema,
      example: {
        received: 3,
        stored: 1,
        duplicates: 1,
        rejected: 1,
        errors: [{ row: 3, field: 'to', reason: 'must be a Korean mobile number' }],
        recipientCount: 2,
      },
    },
    errors: [
      badId,
      error(400, 'validation_failed', 'the CSV header must name a `to` column', '(header)'),
      unknown,
      error(409, 'campaign_state', 'cannot add recipients to a campaign that is running'),
      error(415, 'unsupported_media_type', 'send recipients as application/json (an array), text/csv or application/x-ndjson'),
      error(413, 'payload_too_large', `a JSON upload holds at most ${MAX_JSON_RECIPIENTS} recipients; stream larger lists as CSV or NDJSON`),
    ],
  },
  lifecycle('start', 'Start sending now', 'running', 'running'),
  lifecycle('pause', 'Pause: queued messages are taken back, rows stay pending', 'paused', 'completed'),
  lifecycle('resume', 'Resume a paused campaign', 'running', 'cancelled'),
  lifecycle('cancel', 'Cancel: answers once no message of the campaign can reach the vendor', 'cancelled', 'completed'),
];
