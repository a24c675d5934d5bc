import { describe, expect, it } from '@jest/globals';
import type { ReportInput } from '../../../libs/db/src/index.js';
import { roundsOfUniqueIds } from './report-batcher.js';

const report = (id: string, code: string): ReportInput => ({ id, msgKey: 'k', channel: 'alimtalk', status: 'delivered', code, detail: null });

describe('roundsOfUniqueIds', () => {
  it('keeps one round when every id is distinct', () => {
    expect(roundsOfUniqueIds([report('a', '1'), report('b', '1')])).toHaveLength(1);
  });

  it('puts repeats of an id into later rounds, in arrival order', () => {
    const rounds = roundsOfUniqueIds([report('a', '1'), report('b', '1'), report('a', '2'), report('a', '3')]);
    expect(rounds.map((round) => round.map((item) => `${item.id}${item.code}`))).toEqual([['a1', 'b1'], ['a2'], ['a3']]);
  });
});
