/**
 * A tenant's daily quota counts the messages of one calendar day in the tenant's time
 * zone. `dayOf` names that day (`2026-12-04`); `secondsToNextDay` is what a refused
 * producer is told to wait (Retry-After).
 */
export function dayOf(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Whole seconds from `at` to the next local midnight in `timeZone` (at least 1). */
export function secondsToNextDay(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const elapsed = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  // A day with a DST change is an hour longer or shorter; the next check, a day later, corrects it.
  return Math.max(1, 24 * 3600 - elapsed);
}

/** Whether `timeZone` is one Intl knows (IANA names such as Asia/Seoul). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
