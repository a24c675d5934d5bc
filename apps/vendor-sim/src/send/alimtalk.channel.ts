import { z } from 'zod';
import { ALIMTALK_MAX_CHARS, VENDOR_CODES } from '../../../../libs/vendor/src/protocol.js';
import { describeIssues } from '../control/sim-config.schema.js';
import { outcomeForRecipient } from '../outcomes/outcome.rules.js';
import type { TemplateRegistry } from '../templates/template.registry.js';
import { characterCount, refField, refuseSenderOrRecipient, requiredString, type SendChannel, type SendValidation } from './send.channel.js';

/** Shape only (E102); the business checks below each have their own code. */
const alimtalkShape = z.object({
  senderKey: requiredString,
  to: requiredString,
  templateCode: requiredString,
  text: requiredString,
  ref: refField,
  fallback: z.object({ type: z.enum(['SMS', 'LMS']), text: requiredString, title: z.string().optional() }).optional(),
});

export function createAlimtalkChannel(senderKeys: ReadonlySet<string>, templates: TemplateRegistry): SendChannel {
  return {
    name: 'alimtalk',
    path: '/v1/send/alimtalk',
    outcomeFor: (send) => outcomeForRecipient(send.to, 'alimtalk'),
    validate(body): SendValidation {
      const shape = alimtalkShape.safeParse(body);
      if (!shape.success) return { ok: false, code: VENDOR_CODES.badRequest, result: describeIssues(shape.error) };
      const request = shape.data;
      const refusal = refuseSenderOrRecipient(senderKeys, request);
      if (refusal) return refusal;
      const template = templates.find(request.templateCode);
      if (!template) {
        return { ok: false, code: VENDOR_CODES.unknownTemplate, result: `Template ${request.templateCode} is not approved` };
      }
      // Length before matching: a too-long text cannot be sent whatever it says, and
      // it bounds the matcher's work.
      if (request.text.length > ALIMTALK_MAX_CHARS && characterCount(request.text) > ALIMTALK_MAX_CHARS) {
        return { ok: false, code: VENDOR_CODES.textTooLong, result: `text exceeds ${ALIMTALK_MAX_CHARS} characters` };
      }
      if (!template.matches(request.text)) {
        return { ok: false, code: VENDOR_CODES.templateMismatch, result: `text does not match template ${request.templateCode}` };
      }
      return { ok: true, send: { ref: request.ref, senderKey: request.senderKey, to: request.to, text: request.text, templateCode: request.templateCode } };
    },
  };
}
