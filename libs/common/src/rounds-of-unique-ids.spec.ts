import { describe, expect, it } from '@jest/globals';
import { roundsOfUniqueIds } from './rounds-of-unique-ids.js';

const report = (id: string, code: string) => ({ id, code });

describe('roundsOfUniqueIds', () => {
  it('keeps one round when every id is distinct', () => {
    expect(roundsOfUniqueIds([report('a', '1'), report('b', '1')])).toHaveLength(1);
  });

  it('puts repeats of an id into later rounds, in arrival order', () => {
    const rounds = roundsOfUniqueIds([report('a', '1'), report('b', '1'), report('a', '2'), report('a', '3')]);
    expect(rounds.map((round) => round.map((item) => `${item.id}${item.code}`))).toEqual([['a1', 'b1'], ['a2'], ['a3']]);
  });
});
