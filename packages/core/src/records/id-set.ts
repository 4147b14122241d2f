/**
 * The ids a scan has given, to give none twice. Zoho's ids are decimal numbers of up to 19 digits: those are kept as
 * 64-bit values in an open-addressing table (8 bytes an id, the id strings themselves are not kept alive), which
 * a scan of 100,000 records fills several times faster than a Set of strings. Any other id (not a string of
 * digits without a leading zero) goes to a plain Set, so every id is told apart exactly.
 */
const DECIMAL_ID = /^(?:0|[1-9][0-9]{0,18})$/;
const TWO_32 = 2 ** 32;
const INITIAL_SLOTS = 1024;

export class IdSet {
  /** Slot i holds hi at 2i and lo at 2i + 1 of (value + 1); 0, 0 is an empty slot. */
  private table = new Uint32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  private numeric = 0;
  private readonly others = new Set<unknown>();

  get size(): number {
    return this.numeric + this.others.size;
  }

  /** Adds the id; true when it was not there yet. */
  add(id: unknown): boolean {
    if (typeof id !== "string" || !DECIMAL_ID.test(id)) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < id.length; i++) {
      const next = lo * 10 + (id.charCodeAt(i) - 48);
      lo = next % TWO_32;
      hi = hi * 10 + Math.floor(next / TWO_32);
    }
    // Stored as value + 1 (at most 10^19 < 2^64), so that no id is 0, 0, the empty slot.
    lo += 1;
    if (lo === TWO_32) {
      lo = 0;
      hi += 1;
    }
    return this.insert(hi, lo);
  }

  private insert(hi: number, lo: number): boolean {
    const table = this.table;
    let slot = hash(hi, lo) & this.mask;
    for (;;) {
      const at = slot * 2;
      const storedHi = table[at]!;
      const storedLo = table[at + 1]!;
      if (storedHi === 0 && storedLo === 0) break;
      if (storedHi === hi && storedLo === lo) return false;
      slot = (slot + 1) & this.mask;
    }
    table[slot * 2] = hi;
    table[slot * 2 + 1] = lo;
    this.numeric++;
    if (this.numeric * 2 > this.mask + 1) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.numeric = 0;
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at]!;
      const lo = old[at + 1]!;
      if (hi !== 0 || lo !== 0) this.insert(hi, lo);
    }
  }
}

function hash(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}
