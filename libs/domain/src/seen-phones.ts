const MOBILE_010 = /^010\d{8}$/;
const PHONES_010 = 100_000_000;

/**
 * Remembers which normalized phones were seen, in fixed memory for the numbers that
 * matter: one bit per possible 010 number (12.5 MB, allocated on first use), so a
 * list of any length is deduplicated without a set that grows with it. Legacy
 * prefixes (011, 016–019), rare today, go to a plain set.
 */
export class SeenPhones {
  private bits?: Uint8Array;
  private readonly others = new Set<string>();

  /** True the first time a phone is added, false after. */
  add(phone: string): boolean {
    if (!MOBILE_010.test(phone)) {
      if (this.others.has(phone)) return false;
      this.others.add(phone);
      return true;
    }
    const index = Number(phone.slice(3));
    this.bits ??= new Uint8Array(PHONES_010 / 8);
    const mask = 1 << (index & 7);
    const byte = index >>> 3;
    if (this.bits[byte]! & mask) return false;
    this.bits[byte]! |= mask;
    return true;
  }
}
