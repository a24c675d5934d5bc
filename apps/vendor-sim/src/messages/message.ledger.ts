import type { Channel } from '../../../../libs/domain/src/index.js';
import type { SendAccepted } from '../../../../libs/vendor/src/protocol.js';
import type { Outcome } from '../outcomes/outcome.rules.js';

export type { Channel };

/** none: no report URL was configured; dropped: the URL was removed before sending. */
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
  /** How many requests carried this ref: 1 + the duplicates. */
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
 */
export class MessageLedger {
  private readonly byKey = new Map<string, AcceptedMessage>();
  /** channel, recipient and text of every message: the same text reaching a person twice under two refs. */
  private readonly contents = new Set<string>();

  find(channel: Channel, ref: string): AcceptedMessage | undefined {
    return this.byKey.get(ledgerKey(channel, ref));
  }

  /** Returns false when this recipient already got this exact text on this channel under another ref. */
  record(message: AcceptedMessage): boolean {
    this.byKey.set(ledgerKey(message.channel, message.ref), message);
    const content = `${message.channel}\n${message.to}\n${message.text}`;
    if (this.contents.has(content)) return false;
    this.contents.add(content);
    return true;
  }

  markReport(channel: Channel, ref: string, state: ReportState): void {
    const message = this.find(channel, ref);
    if (message) message.report = state;
  }

  clear(): void {
    this.byKey.clear();
    this.contents.clear();
  }
}

function ledgerKey(channel: Channel, ref: string): string {
  return `${channel}\n${ref}`;
}
