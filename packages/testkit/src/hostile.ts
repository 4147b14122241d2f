import fc from "fast-check";

/**
 * Arbitraries for property-based tests of hostile input: strings heavy in what Zoho's criteria syntax and URL
 * encoding give a meaning to, plus controls, separators and any code point.
 */

/** One unit of a hostile string: Zoho's specials, quotes, words of the grammar, controls, or any code point. */
export const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "\\",
      "\\\\",
      "(",
      ")",
      ",",
      "'",
      '"',
      ":",
      " ",
      "and",
      "or",
      ")and(",
      "%",
      "%2C",
      "+",
      "&",
      "=",
      "#",
      "\n",
      "\r",
      "\t",
      "\u0000",
      "\u2028",
      "\u200b",
      "é",
      "Ω",
      "中文",
      "😀",
      "👩‍👩‍👧",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }) },
);

/** Well-formed strings (they can be URL-encoded) built from hostile units. */
export function hostileString({
  minLength = 0,
  maxLength = 24,
}: {
  minLength?: number;
  maxLength?: number;
} = {}) {
  return fc.string({ unit: hostileUnit, minLength, maxLength });
}

/** Strings that may also hold an unpaired surrogate (a JS string need not be valid Unicode). */
export function anyHostileString({ maxLength = 24 }: { maxLength?: number } = {}) {
  return fc.string({
    unit: fc.oneof(
      { weight: 20, arbitrary: hostileUnit },
      { weight: 1, arbitrary: fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF") },
    ),
    maxLength,
  });
}
