/**
 * The recipients of a seeded campaign: distinct mobile numbers whose last four digits
 * steer the simulator's outcome. A `failRate` share fails on AlimTalk: half of it with
 * K101 (not a KakaoTalk user → the SMS failback is delivered), half with P101
 * (unreachable on every channel → stays failed). Everyone else is delivered.
 */
export interface SeedPlan {
  count: number;
  failbacks: number;
  unreachable: number;
}

/** Failing numbers are 010-NNNN-000X, so at most this many of each kind. */
const MAX_PER_FAILURE_KIND = 10_000;

export function seedPlan(count: number, failRate: number): SeedPlan {
  const failures = Math.floor(count * failRate);
  const plan = { count, failbacks: Math.ceil(failures / 2), unreachable: Math.floor(failures / 2) };
  if (plan.failbacks > MAX_PER_FAILURE_KIND) throw new Error(`recipients × fail-rate must stay under ${2 * MAX_PER_FAILURE_KIND}`);
  return plan;
}

/** The i-th recipient's number: failures spread evenly through the list, alternating kinds. */
export function seedPhone(plan: SeedPlan, index: number): string {
  const failRate = (plan.failbacks + plan.unreachable) / plan.count;
  const failureIndex = Math.floor(index * failRate);
  const failsHere = Math.floor((index + 1) * failRate) > failureIndex;
  if (failsHere) {
    const kind = failureIndex % 2 === 0 ? '1' : '4';
    return `010${String(Math.floor(failureIndex / 2)).padStart(4, '0')}000${kind}`;
  }
  // Last four digits 1000–9999: the simulator delivers these.
  return `010${5000 + Math.floor(index / 9000)}${1000 + (index % 9000)}`;
}

/** The CSV body, produced lazily in chunks so that 420,000 rows never sit in memory at once. */
export function* seedCsv(plan: SeedPlan, rowsPerChunk = 5_000): Generator<string> {
  yield 'to,name\n';
  for (let start = 0; start < plan.count; start += rowsPerChunk) {
    let chunk = '';
    for (let index = start; index < Math.min(plan.count, start + rowsPerChunk); index++) {
      chunk += `${seedPhone(plan, index)},고객${index}\n`;
    }
    yield chunk;
  }
}
