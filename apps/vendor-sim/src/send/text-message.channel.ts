import { z } from 'zod';
import { eucKrByteLength, LMS_MAX_BYTES, LMS_TITLE_MAX_BYTES, SMS_MAX_BYTES } from '../../../../libs/domain/src/sms-length.js';
import { VENDOR_CODES } from '../../../../libs/vendor/src/protocol.js';
import { describeIssues } from '../control/sim-config.schema.js';
import { outcomeForRecipient } from '../outcomes/outcome.rules.js';
import { refField, refuseSenderOrRecipient, requiredString, type SendChannel, type SendRefusal, type SendValidation } from './send.channel.js';

/** Shape only (E102), as for AlimTalk. */
const smsShape = z.object({ senderKey: requiredString, to: requiredString, text: requiredString, ref: refField });
const lmsShape = smsShape.extend({ title: requiredString });

/*
 * The failback leg. Carriers take any text, so there is no template check; the only
 * extra rule is the length, in EUC-KR bytes because that is what carriers count.
 */

export function createSmsChannel(senderKeys: ReadonlySet<string>): SendChannel {
  return {
    name: 'sms',
    path: '/v1/send/sms',
    outcomeFor: (send) => outcomeForRecipient(send.to, 'sms'),
    validate(body): SendValidation {
      const shape = smsShape.safeParse(body);
      if (!shape.success) return { ok: false, code: VENDOR_CODES.badRequest, result: describeIssues(shape.error) };
      const request = shape.data;
      const refusal = refuseSenderOrRecipient(senderKeys, request) ?? refuseOverBytes('text', request.text, SMS_MAX_BYTES);
      if (refusal) return refusal;
      return { ok: true, send: { ref: request.ref, senderKey: request.senderKey, to: request.to, text: request.text } };
    },
  };
}

export function createLmsChannel(senderKeys: ReadonlySet<string>): SendChannel {
  return {
    name: 'lms',
    path: '/v1/send/lms',
    outcomeFor: (send) => outcomeForRecipient(send.to, 'lms'),
    validate(body): SendValidation {
      const shape = lmsShape.safeParse(body);
      if (!shape.success) return { ok: false, code: VENDOR_CODES.badRequest, result: describeIssues(shape.error) };
      const request = shape.data;
      const refusal =
        refuseSenderOrRecipient(senderKeys, request) ??
        refuseOverBytes('title', request.title, LMS_TITLE_MAX_BYTES) ??
        refuseOverBytes('text', request.text, LMS_MAX_BYTES);
      if (refusal) return refusal;
      return { ok: true, send: { ref: request.ref, senderKey: request.senderKey, to: request.to, title: request.title, text: request.text } };
    },
  };
}

/** E108, naming the field and its size so a client can see how far over it is. */
function refuseOverBytes(field: 'text' | 'title', value: string, maxBytes: number): SendRefusal | undefined {
  const bytes = eucKrByteLength(value);
  if (bytes <= maxBytes) return undefined;
  return { ok: false, code: VENDOR_CODES.smsTooLong, result: `${field} is ${bytes} bytes in EUC-KR, over the ${maxBytes}-byte limit` };
}
