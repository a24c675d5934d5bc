/**
 * Carries every vendor send from the API, campaigns and the reconciler to the worker:
 * the AlimTalk leg and the SMS/LMS failback leg share this queue (or its shards)
 * because they share the vendor account's one TPS budget.
 */
export const SEND_QUEUE = 'notifications-send';

/**
 * The queue names of a send queue split in `shards` (SEND_QUEUE_SHARDS). One shard is
 * the send queue as it always was; more add `notifications-send-1`, `-2`, … so that on
 * a Redis Cluster each sits on a slot (and so a master) of its own.
 */
export function sendShardNames(shards: number): string[] {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`send queue shards must be a whole number from 1, got ${shards}`);
  return Array.from({ length: shards }, (_, index) => (index === 0 ? SEND_QUEUE : `${SEND_QUEUE}-${index}`));
}

/**
 * Which shard a key (a notification id, a batch job id) belongs to: FNV-1a, so the same
 * key always lands on the same shard in every process (a job id is unique only within
 * its queue, so a second add of the same notification must meet the first).
 */
export function shardIndex(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
