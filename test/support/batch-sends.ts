import { expect } from '@jest/globals';
import type { TestApi } from './test-api.js';

/**
 * Posts `count` notifications of `templateCode` (its one variable `n`) in batches of
 * 500, to numbers counted up from `firstNumber`; every batch must be accepted (202).
 * Returns the ids in the order sent.
 */
export async function postInBatches(api: TestApi, count: number, templateCode: string, firstNumber: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const notifications = Array.from({ length: Math.min(500, count - start) }, (_, offset) => ({
      to: `010${String(firstNumber + start + offset).slice(-8)}`,
      templateCode,
      variables: { n: String(start + offset) },
    }));
    const answer = await api.request<{ notifications: Array<{ id: string }> }>('POST', '/v1/notifications/batch', { body: { notifications } });
    expect(answer.status).toBe(202);
    ids.push(...answer.body.notifications.map((notification) => notification.id));
  }
  return ids;
}
