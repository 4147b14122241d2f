import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdSet } from "../src/records/id-set.js";

/** Ids as a scan meets them: Zoho's 19-digit ids and their neighbours, and whatever else a hostile server sends. */
const id = fc.oneof(
  fc.bigInt({ min: 0n, max: 9_999_999_999_999_999_999n }).map(String),
  fc.bigInt({ min: 5725767000000700000n, max: 5725767000000700050n }).map(String),
  fc.constantFrom(
    "0",
    "00",
    "007",
    "7",
    "9999999999999999999",
    "10000000000000000000",
    "18446744073709551615",
  ),
  fc.constantFrom("18446744073709551616", "4294967295", "4294967296", "4294967297", "-1", "1e3", " 1", "1 "),
  fc.string({ maxLength: 22 }),
  fc.integer(),
  fc.constantFrom(null, true, 4294967296),
);

describe("IdSet", () => {
  it("tells ids apart exactly as a Set does, across growth", () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 3000 }), (ids) => {
        const set = new IdSet();
        const reference = new Set<unknown>();
        for (const value of ids) {
          const added = !reference.has(value);
          reference.add(value);
          if (set.add(value) !== added) return false;
          if (set.size !== reference.size) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("keeps ids that differ only past 2^53, at the 2^32 carry and at the largest 19-digit id", () => {
    const set = new IdSet();
    const ids = [
      "9007199254740993",
      "9007199254740992",
      "4294967295",
      "4294967296",
      "9999999999999999999",
      "9999999999999999998",
      "0",
    ];
    for (const value of ids) expect(set.add(value)).toBe(true);
    for (const value of ids) expect(set.add(value)).toBe(false);
    expect(set.size).toBe(ids.length);
  });

  it("holds 200,000 sequential ids, each once", () => {
    const set = new IdSet();
    let added = 0;
    for (let i = 0n; i < 200_000n; i++) if (set.add(String(5725767000000700000n + i))) added++;
    expect(added).toBe(200_000);
    expect(set.add("5725767000000700000")).toBe(false);
    expect(set.size).toBe(200_000);
  });
});
