/**
 * Hostile input end to end (issue 8): criteria values that survive escaping, URL encoding and the server's parser
 * and still find their record; field values that round-trip through writes and reads; and strings that cannot be
 * sent at all refused before any request.
 */
import { type FakeZoho, hostileString, parseCriteria, startFakeZoho } from "@zohokit/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, type CrmClient, createCrmClient, eq, inList, startsWith, ZohoKitError } from "../src/index.js";

let server: FakeZoho;
let crm: CrmClient;
beforeAll(async () => {
  server = await startFakeZoho({ modules: { Leads: [] } });
  crm = createCrmClient({ apiKey: "mk_hostile_input_0123456789", baseUrl: server.url, retry: false });
});
afterAll(() => server.close());

/** Well-formed strings, heavy in the characters Zoho's criteria syntax gives a meaning to. */
const text = hostileString({ minLength: 1, maxLength: 20 });

describe("criteria values end to end (property-based)", () => {
  it("reach the server intact through escaping and URL encoding, and find the record holding them (60 runs)", async () => {
    let found = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.array(text, { minLength: 1, maxLength: 5 }), async (name, emails) => {
        const created = await crm.records.create("Leads", [{ Last_Name: name, Email: emails[0] }]);
        expect(created.failed).toEqual([]);
        const id = created.succeeded[0]!.id;
        const criteria = and(eq("Last_Name", name), inList("Email", emails));
        const page = await crm.records.search("Leads", { criteria, fields: ["Last_Name"] });
        const sent = server.requests.at(-1)!.query.criteria!;
        expect(parseCriteria(sent)).toEqual({
          and: [
            { field: "Last_Name", op: "equals", values: [name] },
            { field: "Email", op: "in", values: emails },
          ],
        });
        expect(page.data.map((r) => r.id)).toContain(id);
        found++;
        const prefix = await crm.records.search("Leads", { criteria: startsWith("Last_Name", name) });
        expect(prefix.data.map((r) => r.id)).toContain(id);
      }),
      { numRuns: 60 },
    );
    console.log(
      `[reliability] hostile criteria: ${found} records found by their own escaped values, 0 misses`,
    );
  });

  it("field values of any kind, unpaired surrogates included, round-trip through create, update and get (60 runs)", async () => {
    const anything = fc.string({
      unit: fc.oneof(
        { weight: 10, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
        { weight: 1, arbitrary: fc.constantFrom("\uD800", "\uDFFF", "\u0000", "\u2028") },
      ),
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(anything, anything, async (first, second) => {
        const created = await crm.records.create("Leads", [{ Last_Name: `x${first}`, Description: first }]);
        const id = created.succeeded[0]!.id;
        expect((await crm.records.get("Leads", id, { fields: ["Description"] }))?.Description).toBe(first);
        const updated = await crm.records.update("Leads", [{ id, Description: second }]);
        expect(updated.failed).toEqual([]);
        expect((await crm.records.get("Leads", id, { fields: ["Description"] }))?.Description).toBe(second);
      }),
      { numRuns: 60 },
    );
  });
});

describe("strings that cannot be URL-encoded", () => {
  it("are refused with a ZohoKitError before any request, never a bare URIError", async () => {
    const before = server.requests.length;
    const lone = ["\uD83D", "a\uDE00b", "tail\uD800"];
    for (const value of lone) {
      expect(() => eq("Last_Name", value)).toThrow(ZohoKitError);
      expect(() => eq("Last_Name", value)).toThrow(/unpaired surrogate/);
      for (const options of [
        { email: value },
        { word: `ab${value}` },
        { phone: value },
        { criteria: `(A:equals:${value})` },
      ]) {
        const error = await crm.records.search("Leads", options).catch((e: unknown) => e);
        expect(error, JSON.stringify(options)).toBeInstanceOf(ZohoKitError);
        expect((error as Error).message).toMatch(/not valid Unicode/);
      }
    }
    expect(server.requests.length).toBe(before);
  });
});
