/** Recipient seqs fit 48 bits (one bigserial for all campaigns; 2.8 × 10^14 of them). */
const MAX_SEQ = 2 ** 48;

/**
 * The id of a campaign's message to one recipient: the campaign's own UUIDv7 with its last
 * 48 bits replaced by the recipient's seq. The same (campaign, recipient) always makes
 * the same id, so a page expanded twice inserts nothing twice (`on conflict do nothing`
 * on the primary key: a table partitioned by id cannot hold a unique (campaign,
 * recipient) index). It keeps the campaign's creation time, so every message of a
 * campaign lands in its campaign's week partition and goes with its recipients, and
 * keeps version and variant bits, so it is still a UUIDv7. Two campaigns would share
 * ids only if made in the same millisecond with the same 26 random bits.
 */
export function campaignMessageId(campaignId: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= MAX_SEQ) throw new RangeError(`recipient seq out of range: ${seq}`);
  const hex = campaignId.replaceAll('-', '').slice(0, 20) + seq.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The smallest id a message of this campaign can have: every one of them sorts at or after it. */
export function campaignMessageFloor(campaignId: string): string {
  return `${campaignId.slice(0, 14)}0000-0000-000000000000`;
}
