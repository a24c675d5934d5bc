import type { Channel } from '../../../../libs/domain/src/index.js';
import type { SendAccepted } from '../../../../libs/vendor/src/protocol.js';
import type { Outcome } from '../outcomes/outcome.rules.js';

export type { Channel };

/** none: no report URL was configured; dropped: withheld by reportDropRate, or the URL was removed before sending. */
export type ReportState = 'none' | 'pending' | 'sent' | 'failed' | 'dropped';

export interface AcceptedMessage {
  channel: Channel;
  ref: string;
  msgKey: string;
  senderKey: string;
  to: string;
  templateCode?: string;
  /** LMS only. */
  title?: string;
  text: string;
  acceptedAt: string;
  /**
   * When the vendor learns the outcome: acceptance + the report delay. The report's
   * reportedAt, and from then on the result lookup answers `final` (callback or not).
   */
  reportDueAt: string;
  /** How many accepted requests carried this ref: 1 + the duplicates (kept on the first message). */
  timesSeen: number;
  outcome: Outcome;
  report: ReportState;
  /** The exact answer given the first time, replayed to every duplicate. */
  answer: SendAccepted;
}

/**
 * Every accepted message by ref, which is what makes sends idempotent. Refs are kept
 * per channel: Herald sends the failback SMS/LMS with the same ref (the notification
 * id) as the AlimTalk message it replaces, and that is a second message, not a replay.
 * With dedupeRefs off a ref can carry several messages; the ref finds the first, and
 * each report settles its own message by msgKey.
 */
export class MessageLedger {
  private readonly byKey = new Map<string, AcceptedMessage>();
  private readonly byMsgKey = new Map<string, AcceptedMessage>();
  /** channel, recipient and text of every message: the same text reaching a person twice under two refs. */
  private readonly contents = new Set<string>();

  find(channel: Channel, ref: string): AcceptedMessage | undefined {
    return this.byKey.get(ledgerKey(channel, ref));
  }

  /** Returns false when this recipient already got this exact text on this channel under another ref. */
  record(message: AcceptedMessage): boolean {
    this.byKey.set(ledgerKey(message.channel, message.ref), message);
    this.byMsgKey.set(message.msgKey, message);
    const content = `${message.channel}\n${message.to}\n${message.text}`;
    if (this.contents.has(content)) return false;
    this.contents.add(content);
    return true;
  }

  /**
   * A further message under a ref already accepted (dedupeRefs off). The ref keeps
   * finding the first; its text is not a new content repeat, it is counted as a duplicate ref.
   */
  recordAgain(message: AcceptedMessage): void {
    this.byMsgKey.set(message.msgKey, message);
  }

  markReport(msgKey: string, state: ReportState): void {
    const message = this.byMsgKey.get(msgKey);
    if (message) message.report = state;
  }

  clear(): void {
    this.byKey.clear();
    this.byMsgKey.clear();
    this.contents.clear();
  }
}

function ledgerKey(channel: Channel, ref: string): string {
  return `${channel}\n${ref}`;
}
