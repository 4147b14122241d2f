/**
 * The ids a scan has given, to give none twice. Zoho's ids are decimal numbers of up to 19 digits: those are kept as
 * three 32-bit words in an open-addressing table (12 bytes an id), so a scan does not keep every id string alive,
 * and it costs no more time than a Set. Any other id (not a string of digits without a leading zero) goes to a
 * plain Set, so every id is told apart exactly.
 */
const INITIAL_SLOTS = 1024;

export class IdSet {
  /**
   * Slot i holds an id as three words at 3i: 1 + its digits above the 18th (0 to 9), then two groups of 9 digits.
   * A first word of 0 is an empty slot.
   */
  private table = new Uint32Array(INITIAL_SLOTS * 3);
  private mask = INITIAL_SLOTS - 1;
  private numeric = 0;
  private readonly others = new Set<unknown>();

  get size(): number {
    return this.numeric + this.others.size;
  }

  /** Adds the id; true when it was not there yet. */
  add(id: unknown): boolean {
    if (typeof id === "string") {
      const end = id.length;
      // One pass: the digits fall into three groups counted from the right (9, 9 and at most 1).
      if (end > 0 && end <= 19 && (id.charCodeAt(0) !== 48 || end === 1)) {
        let top = 0;
        let middle = 0;
        let low = 0;
        let i = 0;
        for (; i < end; i++) {
          const digit = id.charCodeAt(i) - 48;
          if (digit < 0 || digit > 9) break;
          const left = end - i;
          if (left > 18) top = digit;
          else if (left > 9) middle = middle * 10 + digit;
          else low = low * 10 + digit;
        }
        if (i === end) return this.insert(1 + top, middle, low);
      }
    }
    if (this.others.has(id)) return false;
    this.others.add(id);
    return true;
  }

  private insert(top: number, middle: number, low: number): boolean {
    const table = this.table;
    let slot = hash(top, middle, low) & this.mask;
    for (;;) {
      const at = slot * 3;
      const stored = table[at]!;
      if (stored === 0) break;
      if (stored === top && table[at + 1] === middle && table[at + 2] === low) return false;
      slot = (slot + 1) & this.mask;
    }
    const at = slot * 3;
    table[at] = top;
    table[at + 1] = middle;
    table[at + 2] = low;
    this.numeric++;
    if (this.numeric * 2 > this.mask + 1) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.numeric = 0;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}

function hash(top: number, middle: number, low: number): number {
  let h = Math.imul(low ^ Math.imul(middle, 0x9e3779b1) ^ Math.imul(top, 0x85ebca6b), 0xcc9e2d51);
  h ^= h >>> 15;
  return Math.imul(h, 0x1b873593) ^ (h >>> 13);
}
