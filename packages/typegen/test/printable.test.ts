import { describe, expect, it } from "vitest";
import { commentText } from "../src/names.js";
import { inline, printable, say } from "../src/printable.js";
import { actionable } from "./actionable.js";

describe("printable and inline", () => {
  it("escape control characters as \\xHH or \\uHHHH", () => {
    expect(printable("a\u001b[31mred\u0007\u0000\r\u009b\u007f")).toBe(
      "a\\x1b[31mred\\x07\\x00\\x0d\\x9b\\x7f",
    );
    expect(printable("bidi \u202eevil\u2066 line\u2028sep")).toBe("bidi \\u202eevil\\u2066 line\\u2028sep");
    expect(printable("tab\tand\nnewline stay")).toBe("tab\tand\nnewline stay");
  });

  it("neutralise GitHub workflow commands: :: at a line's start (after spaces), ##[ anywhere", () => {
    expect(printable("::add-mask::secret")).toBe("\\x3a:add-mask::secret");
    expect(printable("ok\n   ::error file=x::boom\nfine :: here")).toBe(
      "ok\n   \\x3a:error file=x::boom\nfine :: here",
    );
    expect(printable("text ##[error]boom")).toBe("text ##\\x5berror]boom");
    expect(actionable(printable("::warning::x\n\t::group::g\n##[set-env name=A]1"))).toEqual([]);
  });

  it("inline also escapes line breaks and tabs, so a value cannot start a line of its own", () => {
    const value = "Lead\n::error::forged\r\n\tsrc/org.ts is up to date";
    expect(inline(value)).toBe("Lead\\x0a::error::forged\\x0d\\x0a\\x09src/org.ts is up to date");
    expect(inline(value)).not.toContain("\n");
    expect(inline("::add-mask::x")).toBe("\\x3a:add-mask::x");
    expect(inline(42)).toBe("42");
  });

  it("say keeps the template's own text and escapes each value", () => {
    const field = "X\n::error::y\u001b[2J";
    const line = say`field added: Leads.${field} (text)\n`;
    expect(line).toBe("field added: Leads.X\\x0a::error::y\\x1b[2J (text)\n");
    expect(actionable(line)).toEqual([]);
  });

  it("are idempotent: printing escaped text again changes nothing", () => {
    const once = inline("::a\u001b\n##[b");
    expect(printable(once)).toBe(once);
    expect(inline(once)).toBe(once);
  });
});

describe("commentText (comments of the generated file)", () => {
  it("escapes NUL, ESC and other controls the same way, so git never sees a binary file", () => {
    const text = commentText("Label\u0000with\u001b[31m colour\u0007 */ and\nbreak");
    expect(text).toBe("Label\\x00with\\x1b[31m colour\\x07 *\\/ and break");
    expect(actionable(text)).toEqual([]);
  });
});
