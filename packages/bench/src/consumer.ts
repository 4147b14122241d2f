/**
 * The consumer program type-checked in figure 4: 20 modules, each listed with fields, created and searched with
 * criteria. The same text compiles with the generated Org and with the loose default org; the `errors` variant
 * adds 10 deliberate mistakes, one diagnostic each.
 */
import type { OrgMetadata } from "@zohokit/typegen";
import { fieldOfType } from "./synthetic-org.js";

export const CONSUMER_MODULES = 20;
export const DELIBERATE_ERRORS = 10;

interface ModuleFields {
  module: string;
  name: string;
  email: string;
  picklist: string;
  lookup: string;
  integer: string;
}

function pick(metadata: OrgMetadata, module: string): ModuleFields {
  return {
    module,
    name: "Name",
    email: fieldOfType(metadata, module, "email"),
    picklist: fieldOfType(metadata, module, "picklist"),
    lookup: fieldOfType(metadata, module, "lookup"),
    integer: fieldOfType(metadata, module, "integer"),
  };
}

const q = JSON.stringify;

function useModule(f: ModuleFields, n: number): string {
  const fields = q([f.name, f.email, f.picklist, f.lookup, f.integer]);
  return `
export async function use${n}(): Promise<void> {
  const page = await crm.records.list(${q(f.module)}, { fields: ${fields} });
  for (const record of page.data) {
    sink(record.${f.name});
    sink(record.${f.picklist});
    sink(record.${f.lookup});
  }
  const created = await crm.records.create(${q(f.module)}, [
    { ${f.name}: "Ada", ${f.email}: "ada@example.com", ${f.picklist}: "Option 2", ${f.lookup}: { id: "1" }, ${f.integer}: 3 },
  ]);
  sink(created.succeeded.length);
  const found = await crm.records.search(${q(f.module)}, {
    criteria: and(
      eq(${q(f.name)}, "Ada"),
      startsWith(${q(f.email)}, "ada"),
      gt(${q(f.integer)}, 2),
      inList(${q(f.picklist)}, ["Option 1", "Option 2"]),
    ),
    fields: ${q([f.name, f.email])},
  });
  sink(found.data[0]?.${f.email});
}
`;
}

/** Ten kinds of mistakes a user makes, each on its own module; each gives exactly one diagnostic. */
function mistakes(fs: ModuleFields[]): string {
  const m = (i: number) => q(fs[i]!.module);
  const f = (i: number) => fs[i]!;
  return `
export async function mistakes(): Promise<void> {
  await crm.records.list(${m(0)}, { fields: ["Name", "No_Such_Field"] });
  await crm.records.list("No_Such_Module", { fields: ["Name"] });
  await crm.records.create(${m(2)}, [{ Name: "Ada", ${f(2).picklist}: "Option 99" }]);
  await crm.records.create(${m(3)}, [{ ${f(3).email}: "ada@example.com" }]);
  await crm.records.create(${m(4)}, [{ Name: "Ada", ${f(4).integer}: "three" }]);
  await crm.records.search(${m(5)}, { criteria: eq("No_Such_Field", "x") });
  await crm.records.search(${m(6)}, { criteria: startsWith(${q(f(6).picklist)}, "Opt") });
  const page = await crm.records.list(${m(7)}, { fields: ["Name"] });
  sink(page.data[0]?.${f(7).integer});
  await crm.records.update(${m(8)}, [{ Name: "Ada" }]);
  await crm.records.create(${m(9)}, [{ Name: "Ada", ${f(9).lookup}: "5725767000000000001" }]);
}
`;
}

export type ConsumerKind = "loose" | "typed" | "errors";

/** Modules spread over the org, so the checker cannot reuse one module's types for the next. */
export function consumerModules(metadata: OrgMetadata): string[] {
  const all = Object.keys(metadata.fields).sort();
  const step = Math.max(1, Math.floor(all.length / CONSUMER_MODULES));
  return Array.from({ length: CONSUMER_MODULES }, (_, i) => all[(i * step) % all.length]!);
}

export function consumerSource(metadata: OrgMetadata, kind: ConsumerKind): string {
  const fields = consumerModules(metadata).map((module) => pick(metadata, module));
  const header =
    kind === "loose"
      ? `import { and, createCrmClient, eq, gt, inList, startsWith } from "@zohokit/crm";\n\nconst crm = createCrmClient({ apiKey: "mk_bench_key_0123" });\n`
      : `import { and, createCrmClient, eq, gt, inList, startsWith } from "@zohokit/crm";\nimport type { Org } from "./org.js";\n\nconst crm = createCrmClient<Org>({ apiKey: "mk_bench_key_0123" });\n`;
  const sink = "\nfunction sink(_value: unknown): void {}\n";
  const body = fields.map((f, i) => useModule(f, i + 1)).join("");
  return header + sink + body + (kind === "errors" ? mistakes(fields) : "");
}
