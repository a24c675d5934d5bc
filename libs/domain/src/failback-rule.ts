import type { Channel } from './channel.js';
import type { NotificationStatus } from './notification-status.js';
import { isChannelFailure } from './vendor-failure.js';

/** A notification as the failback rule sees it, after a failure on `failedOn`. */
export interface FailedMessage {
  status: NotificationStatus;
  failbackText: string | null;
  /** The failure's result code (the report's code, or the row's last code). */
  code: string | null;
  /** The channel that failed. */
  failedOn: Channel;
}

/**
 * The failback rule (DESIGN.md, invariant 4): a notification whose AlimTalk leg failed
 * because KakaoTalk could not reach the person (a channel failure), and that has
 * failback text, gets its SMS/LMS leg. Applied where a failure lands (report batches)
 * and where a lost failback job is repaired (the reconciler), so both agree.
 */
export function failbackIsDue(message: FailedMessage): boolean {
  return (
    message.status === 'failed' && message.failedOn === 'alimtalk' && message.failbackText !== null && message.code !== null && isChannelFailure(message.code)
  );
}
