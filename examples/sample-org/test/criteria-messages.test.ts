/**
 * What a user reads when criteria break the sample org's rules: the compiler's own messages, from a program that
 * imports the generated types. Each names the operator, the field and what is allowed instead.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnosticsOf, scratchDir } from "./typecheck.js";

const CALLS = {
  picklist: 'crm.records.search("Leads", { criteria: eq("Lead_Status", "Hot") });',
  operator: 'crm.records.search("Leads", { criteria: gt("Email", "a") });',
  number:
    'crm.records.count("Leads", { criteria: and(eq("Lead_Status", "Contacted"), gt("Annual_Revenue", "lots")) });',
  earlier:
    'const built = inList("Lead_Source", ["Web Form", "Fax"]);\ncrm.records.searchAll("Leads", { criteria: built });',
  clean:
    'crm.records.search("Leads", { criteria: and(eq("Lead_Status", "Contacted"), gt("Annual_Revenue", 5)) });',
};

let scratch: Awaited<ReturnType<typeof scratchDir>>;
const messages = new Map<string, string>();

beforeAll(async () => {
  scratch = await scratchDir("criteria-");
  const paths = new Map<string, string>();
  for (const [name, call] of Object.entries(CALLS)) {
    const path = join(scratch.dir, `${name}.ts`);
    await writeFile(
      path,
      `import { and, createCrmClient, eq, gt, inList } from "@zohokit/crm";\nimport type { Org } from "../../src/org.js";\nconst crm = createCrmClient<Org>();\n${call}\n`,
    );
    paths.set(name, path);
  }
  const diagnostics = diagnosticsOf([...paths.values()]);
  for (const [name, path] of paths) messages.set(name, diagnostics.get(path)!.join("\n---\n"));
}, 60_000);

afterAll(() => scratch.remove());

describe("criteria errors against the sample org", () => {
  it("a picklist value not in the field: names the operator, the field and the field's values", () => {
    const text = messages.get("picklist")!;
    expect(text).toContain("The types of 'equals.Lead_Status' are incompatible");
    expect(text).toContain(
      `'"Hot"' is not assignable to type '"-None-" | "Attempted to Contact" | "Contacted"`,
    );
  });

  it("an operator the field does not take: names both and lists the fields the operator takes", () => {
    const text = messages.get("operator")!;
    expect(text).toContain("The types of 'greater_than.Email' are incompatible");
    expect(text).toMatch(/FieldNotAllowed<"greater_than", "[A-Za-z_]+"( \| "[A-Za-z_]+")*>/);
    expect(text).toContain('"Annual_Revenue"');
  });

  it("a string where a number field is compared, inside and(): blames that condition only", () => {
    const text = messages.get("number")!;
    expect(text).toContain("The types of 'greater_than.Annual_Revenue' are incompatible");
    expect(text).toContain("not assignable to type 'number | bigint'");
    expect(text).not.toContain("equals.Lead_Status");
  });

  it("criteria built earlier are checked where they are used", () => {
    expect(messages.get("earlier")).toContain("The types of 'in.Lead_Source' are incompatible");
    expect(messages.get("earlier")).toContain(`'"Fax"'`);
  });

  it("valid criteria compile", () => {
    expect(messages.get("clean")).toBe("");
  });
});
