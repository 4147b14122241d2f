/**
 * A reference for figure 4: the org's fields as plain declarations (one interface per module, `Field: Type;`,
 * picklists as unions of their values), with nothing derived. Compiling the no-Org consumer with this file in the
 * program measures what reading the org's information alone costs tsc, whatever the generator writes.
 */
import type { FieldMetadata, OrgMetadata } from "@zohokit/typegen";

const SCALARS: Record<string, string> = {
  integer: "number",
  double: "number",
  currency: "number",
  percent: "number",
  decimal: "number",
  long: "number",
  boolean: "boolean",
  lookup: "BareLookup",
  ownerlookup: "BareLookup",
  userlookup: "BareLookup",
};

function bareType(field: FieldMetadata): string {
  const type = String(field.data_type);
  const values = (field.pick_list_values ?? []).map((v) => JSON.stringify(v.actual_value));
  if (type === "picklist" && values.length > 0) return values.join(" | ");
  if (type === "multiselectpicklist" && values.length > 0) return `Array<${values.join(" | ")}>`;
  return SCALARS[type] ?? "string";
}

export function bareDeclarations(metadata: OrgMetadata): string {
  const lines = ["export interface BareLookup {\n  id: string;\n  name?: string;\n}"];
  for (const [module, fields] of Object.entries(metadata.fields)) {
    const members = fields.map((field) => `  ${field.api_name}: ${bareType(field)};`);
    lines.push(`export interface Bare_${module} {\n${members.join("\n")}\n}`);
  }
  return `${lines.join("\n")}\n`;
}
