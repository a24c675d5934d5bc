import {
  defaultLmsTitle,
  eucKrByteLength,
  failbackChannelFor,
  LMS_TITLE_MAX_BYTES,
  renderTemplate,
  type FailbackChannel,
} from '../../../../libs/domain/src/index.js';
import type { Template } from '../../../../libs/db/src/index.js';
import type { SendNotificationDto } from './notification.dto.js';
import { ApiError } from '../errors/api-error.js';

export interface Failback {
  failbackText: string;
  failbackTitle: string | null;
  failbackChannel: FailbackChannel;
}

/**
 * The SMS/LMS text a notification falls back to: the request's own, else the
 * template's failbackBody rendered with the same variables, else none. SMS when it
 * fits 90 EUC-KR bytes, LMS up to 2000 (with a title: the given one, or the first
 * line cut to 40 bytes). `fieldOf` places a field in the request (a batch item's index).
 */
export function resolveFailback(input: SendNotificationDto, template: Template, fieldOf: (field: string) => string = (field) => field): Failback | undefined {
  let text = input.failback?.text;
  if (!text && template.failbackBody) {
    const rendered = renderTemplate(template.failbackBody, input.variables);
    if (!rendered.ok)
      throw ApiError.validation(fieldOf(`variables.${rendered.missing[0]}`), `the failback text of ${template.code} needs: ${rendered.missing.join(', ')}`);
    text = rendered.text;
  }
  if (!text) return undefined;
  const channel = failbackChannelFor(text);
  if (!channel) throw ApiError.validation(fieldOf('failback.text'), `is ${eucKrByteLength(text)} bytes in EUC-KR; LMS allows 2000`);
  if (input.failback?.title && eucKrByteLength(input.failback.title) > LMS_TITLE_MAX_BYTES) {
    throw ApiError.validation(fieldOf('failback.title'), `must be at most ${LMS_TITLE_MAX_BYTES} bytes in EUC-KR`);
  }
  const title = channel === 'lms' ? (input.failback?.title ?? defaultLmsTitle(text)) : null;
  return { failbackText: text, failbackTitle: title, failbackChannel: channel };
}
