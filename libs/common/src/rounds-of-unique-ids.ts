/**
 * Splits items so that no id appears twice in one statement (an UPDATE … FROM
 * applies only one source row per target), keeping each id's items in arrival
 * order across rounds: an AlimTalk failure is applied before its SMS delivery.
 */
export function roundsOfUniqueIds<T extends { id: string }>(items: T[]): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const round = seen.get(item.id) ?? 0;
    (rounds[round] ??= []).push(item);
    seen.set(item.id, round + 1);
  }
  return rounds;
}
