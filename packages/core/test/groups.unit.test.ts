/** Pieces of the API groups on their own: file names of downloads, `since`, tag names, paging without page tokens. */
import { describe, expect, it } from "vitest";
import { ZohoKitError } from "../src/errors.js";
import { dispositionFileName } from "../src/groups/content-disposition.js";
import { sinceHeader, sinceMs } from "../src/groups/shared.js";
import { assertTagName } from "../src/groups/tags.js";
import { type Cursor, PAGE_TOKEN_LIMIT, paginate } from "../src/records/paging.js";

describe("dispositionFileName", () => {
  it.each([
    ['attachment; filename="a.pdf"', "a.pdf"],
    ['attachment; filename="say \\"hi\\".txt"', 'say "hi".txt'],
    ["attachment; filename=plain.txt", "plain.txt"],
    [`attachment; filename="fallback.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20(1).pdf`, "résumé (1).pdf"],
    ["attachment; filename*=iso-8859-1''caf%E9.txt", "café.txt"],
    ["attachment; filename*=UTF-8''%E0%A4%A.pdf; filename=\"safe.pdf\"", "safe.pdf"],
    ["inline", undefined],
    [null, undefined],
  ])("%s -> %s", (header, name) => {
    expect(dispositionFileName(header)).toBe(name);
  });
});

describe("since", () => {
  it("takes a Date or ISO 8601 with an offset, and sends Zoho's format in UTC, whole seconds", () => {
    expect(sinceHeader(new Date("2026-05-14T09:54:51.750Z"))).toEqual({
      "If-Modified-Since": "2026-05-14T09:54:51+00:00",
    });
    expect(sinceHeader("2026-05-14T12:54:51+03:00")).toEqual({
      "If-Modified-Since": "2026-05-14T09:54:51+00:00",
    });
    expect(sinceHeader(undefined)).toBeUndefined();
  });

  it.each(["2026-05-14", "2026-05-14T12:54:51", "yesterday", 1_700_000_000_000, new Date("nope")])(
    "refuses %s",
    (value) => {
      expect(() => sinceMs(value)).toThrow(ZohoKitError);
    },
  );
});

describe("assertTagName", () => {
  it.each(["Hot", "x".repeat(25), "🙂".repeat(25), "Trade Show 2026", "C++ & Go"])("takes %s", (name) => {
    expect(() => assertTagName(name)).not.toThrow();
  });
  it.each(["", "   ", "x".repeat(26), "a,b", "tab\there", "nul\u0000", 7, null])("refuses %s", (name) => {
    expect(() => assertTagName(name)).toThrow(ZohoKitError);
  });
});

describe("paginate without page tokens", () => {
  it("goes on by page number past 2,000 records when asked to", async () => {
    const asked: Cursor[] = [];
    const pages = paginate(
      async (cursor) => {
        asked.push(cursor);
        const page = cursor.page!;
        const data = Array.from({ length: 200 }, (_, i) => ({ id: String(page * 1000 + i) }));
        return { data, info: { more_records: page < 12 } };
      },
      { perPage: 200, pageNumbersUpTo: PAGE_TOKEN_LIMIT },
    );
    let count = 0;
    for await (const _ of pages) count++;
    expect(count).toBe(2400);
    expect(asked.map((c) => c.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(asked.every((c) => c.pageToken === undefined)).toBe(true);
  });
});
