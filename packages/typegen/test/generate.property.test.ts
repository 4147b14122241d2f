import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FieldMetadata,
  GenerationError,
  generateOrgTypes,
  type OrgMetadata,
  readSummary,
} from "../src/index.js";
import { scratchDir, typecheck } from "./compile.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

/** Text that breaks naive code generators: comment ends, line terminators, quotes, template syntax, unicode. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 16 }),
  fc.string({
    unit: fc.constantFrom(
      "*/",
      "/*",
      "//",
      "\n",
      "\r",
      "\u2028",
      "\u2029",
      '"',
      "'",
      "`",
      "${",
      "}",
      "\\",
      "<",
      ">",
      "|",
      "&",
      " ",
      "-",
      ".",
      "$",
      "_",
      "0",
      "9",
      "a",
      "Z",
      "é",
      "中",
      "😀",
      "\u0000",
      "@deprecated",
    ),
    maxLength: 12,
  }),
  fc.constantFrom(
    "",
    " ",
    "id",
    "__proto__",
    "constructor",
    "toString",
    "Org",
    "ZkLookup",
    "ZkCriteria",
    "Record",
    "class",
    "default",
    "2nd-Phone",
    "Leads",
    "Leads__c",
    "*/ export const x = 1; /*",
  ),
);

/** API names: mostly plausible (so duplicates happen), some hostile, some missing or not strings. */
const apiName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("Last_Name", "Email", "Stage", "Amount", "Name", "Owner", "Tag") },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/) },
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 7, true) },
);

const KNOWN_TYPES = [
  "text",
  "textarea",
  "email",
  "phone",
  "website",
  "picklist",
  "multiselectpicklist",
  "lookup",
  "ownerlookup",
  "userlookup",
  "multiuserlookup",
  "multiselectlookup",
  "integer",
  "bigint",
  "double",
  "decimal",
  "currency",
  "percent",
  "long",
  "boolean",
  "date",
  "datetime",
  "autonumber",
  "formula",
  "rollup_summary",
  "subform",
  "fileupload",
  "imageupload",
  "profileimage",
  "layout",
  "territories",
  "event_reminder",
  "consent_lookup",
];
const dataType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_TYPES) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 42) },
);

const pickValue = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        actual_value: fc.oneof(nasty, fc.constant(null)),
        display_value: fc.oneof(nasty, fc.constant(null)),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, "loose string", 3) },
);
const picklist = fc.oneof(
  { weight: 4, arbitrary: fc.array(pickValue, { maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  // Some orgs have picklists with thousands of values.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 200, max: 1000 })
      .map((n) =>
        Array.from({ length: n }, (_, i) => ({ actual_value: `Value ${i}`, display_value: `V${i}` })),
      ),
  },
  // Metadata that is not even an array.
  { weight: 1, arbitrary: fc.constantFrom({}, "High,Low", 0, { actual_value: "x" }) },
);

const field: fc.Arbitrary<FieldMetadata> = fc.record(
  {
    api_name: apiName,
    field_label: fc.oneof(nasty, fc.constant(null)),
    display_label: fc.oneof(nasty, fc.constant(null)),
    data_type: dataType,
    json_type: fc.constantFrom("string", "integer", "double", "boolean", "jsonobject", "jsonarray", null),
    read_only: fc.constantFrom(true, false, null, "yes"),
    system_mandatory: fc.constantFrom(true, false, null),
    pick_list_values: picklist,
    lookup: fc.oneof(
      fc.record({
        module: fc.oneof(fc.record({ api_name: fc.oneof(nasty, fc.constant(null)) }), fc.constant(null)),
      }),
      fc.constantFrom(null, "Accounts", 5),
    ),
    formula: fc.oneof(
      fc.record({
        return_type: fc.oneof(fc.constantFrom(...KNOWN_TYPES, "formula"), nasty, fc.constant(null)),
      }),
      fc.constant(null),
    ),
    associated_module: fc.oneof(
      fc.record({ api_name: fc.oneof(nasty, fc.constant(null)), module: fc.oneof(nasty, fc.constant(null)) }),
      fc.constant(null),
    ),
    subform: fc.oneof(fc.record({ module: fc.oneof(nasty, fc.constant(null)) }), fc.constant(null)),
    operation_type: fc.oneof(
      fc.record({ api_create: fc.boolean(), api_update: fc.boolean() }),
      fc.constant(null),
    ),
    crypt: fc.constantFrom(undefined, null, false, { mode: "decryption" }, true),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<FieldMetadata>;

const moduleName = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("Leads", "Contacts", "Deals", "Pipelines", "Projects__c", "A-B", "A_B"),
  },
  { weight: 2, arbitrary: nasty },
);

const fieldsList = fc.oneof(
  { weight: 12, arbitrary: fc.array(field, { maxLength: 14 }) },
  // A field that is not an object, or a module whose fields are not an array: a GenerationError.
  { weight: 1, arbitrary: fc.array(fc.oneof(field, fc.constantFrom(null, "Email", 3)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, {}, "fields") },
);

const metadata: fc.Arbitrary<OrgMetadata> = fc
  .record({
    app: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom("crm", "bigin") },
      { weight: 1, arbitrary: nasty },
    ),
    org: fc.record(
      { id: fc.oneof(nasty, fc.constant(null)), company_name: fc.oneof(nasty, fc.constant(null)) },
      { requiredKeys: [] },
    ),
    modules: fc.uniqueArray(moduleName, { maxLength: 4 }),
    fields: fc.array(fieldsList, { minLength: 4, maxLength: 4 }),
    labels: fc.array(fc.oneof(nasty, fc.constant(null)), { minLength: 4, maxLength: 4 }),
  })
  .map(({ app, org, modules, fields, labels }) => ({
    app: app as OrgMetadata["app"],
    org,
    modules: modules.map((name, i) => ({ api_name: name, plural_label: labels[i], api_supported: true })),
    fields: Object.fromEntries(modules.map((name, i) => [name, fields[i] as FieldMetadata[]])),
  }));

/** Generates, or returns the GenerationError; anything else thrown fails the property. */
function generate(input: OrgMetadata): string | GenerationError {
  try {
    return generateOrgTypes(input, { command: "zohokit typegen --app crm --out src/org.ts" });
  } catch (error) {
    if (error instanceof GenerationError) return error;
    throw error;
  }
}

describe("generateOrgTypes on hostile metadata (property-based)", () => {
  it("never crashes: TypeScript text with a readable summary, or a GenerationError that says what is wrong (300 runs)", () => {
    const stats = { generated: 0, refused: 0, modules: 0, fields: 0, largestOutput: 0 };
    fc.assert(
      fc.property(metadata, (input) => {
        const output = generate(input);
        if (output instanceof GenerationError) {
          expect(output.message).toMatch(/app must be|not an object|not an array/);
          stats.refused++;
          return;
        }
        stats.generated++;
        stats.modules += Object.keys(input.fields).length;
        stats.fields += Object.values(input.fields).reduce((n, f) => n + f.length, 0);
        stats.largestOutput = Math.max(stats.largestOutput, output.length);
        expect(output).toMatch(/^\/\/ Generated by zohokit typegen/);
        expect(output).toContain("export interface Org {");
        const summary = readSummary(output);
        expect(summary?.app).toBe(input.app);
        expect(Object.keys(summary?.modules ?? {}).sort()).toEqual(Object.keys(input.fields).sort());
        // Deterministic: the same metadata gives the same file.
        expect(generate(structuredClone(input))).toBe(output);
      }),
      { numRuns: 300 },
    );
    console.log(
      `typegen property: ${stats.generated} files generated (${stats.modules} modules, ${stats.fields} fields, largest ${stats.largestOutput} chars), ${stats.refused} GenerationErrors, 0 crashes`,
    );
    expect(stats.generated).toBeGreaterThan(150);
  });

  it("what it generates always compiles under strict settings and fits createCrmClient<Org> / createBiginClient<Org> (25 runs)", async () => {
    let run = 0;
    const durations: number[] = [];
    await fc.assert(
      fc.asyncProperty(metadata, async (input) => {
        const output = generate(input);
        if (output instanceof GenerationError) return;
        const n = run++;
        const consumer =
          input.app === "bigin"
            ? `import { createBiginClient } from "@zohokit/bigin";\nimport type { Org } from "./org-${n}.js";\nexport const client = createBiginClient<Org>({ apiKey: "mk_test_key_0123" });\n`
            : `import { createCrmClient } from "@zohokit/crm";\nimport type { Org } from "./org-${n}.js";\nexport const client = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });\n`;
        const started = performance.now();
        const diagnostics = await typecheck(scratch.dir, {
          [`org-${n}.ts`]: output,
          [`use-${n}.ts`]: consumer,
        });
        durations.push(performance.now() - started);
        expect(diagnostics).toEqual([]);
      }),
      { numRuns: 25, seed: 20260514 },
    );
    const total = durations.reduce((a, b) => a + b, 0);
    console.log(
      `typegen compile property: ${durations.length} generated files type-checked, ${Math.round(total)} ms in tsc (${Math.round(total / Math.max(1, durations.length))} ms each)`,
    );
    expect(durations.length).toBeGreaterThan(15);
  });
});
