/**
 * What a user reads when criteria break the sample org's rules: the compiler's own messages, from a program that
 * imports the generated types. Each names the operator, the field and what is allowed instead.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SAMPLE = fileURLToPath(new URL("..", import.meta.url));
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

let dir: string;
const messages = new Map<string, string>();

beforeAll(async () => {
  await mkdir(join(SAMPLE, ".tmp"), { recursive: true });
  dir = await mkdtemp(join(SAMPLE, ".tmp", "criteria-"));
  const files = Object.entries(CALLS).map(([name, call]) => {
    const path = join(dir, `${name}.ts`);
    return {
      name,
      path,
      text: `import { and, createCrmClient, eq, gt, inList } from "@zohokit/crm";\nimport type { Org } from "../../src/org.js";\nconst crm = createCrmClient<Org>();\n${call}\n`,
    };
  });
  for (const file of files) await writeFile(file.path, file.text);
  const program = ts.createProgram({
    rootNames: files.map((f) => f.path),
    options: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: [],
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    },
  });
  for (const file of files) {
    const source = program.getSourceFile(file.path)!;
    const text = ts
      .getPreEmitDiagnostics(program, source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      .join("\n---\n");
    messages.set(file.name, text);
  }
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

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
