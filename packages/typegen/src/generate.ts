import { createHash } from "node:crypto";
import {
  BIGIN_OPERATORS,
  criteriaOperators,
  type FieldTyping,
  HELPER_TYPES,
  isCreatable,
  isUpdatable,
  literalUnion,
  OPERATOR_GROUPS,
  type OperatorGroup,
  typeField,
} from "./field-types.js";
import type { FieldMetadata, OrgMetadata } from "./metadata.js";
import { commentText, propertyKey, typeStems } from "./names.js";
import { SUMMARY_MARKER, summarize } from "./summary.js";

export interface GenerateOptions {
  /** Shown in the header as the command that regenerates the file. */
  command?: string;
}

export class GenerationError extends Error {
  override name = "GenerationError";
}

const CRITERIA_FIELD = /^[A-Za-z0-9_$.]+$/;

interface PlannedField {
  name: string;
  field: FieldMetadata;
  typing: FieldTyping;
}

function sortedByName<T>(items: T[], name: (item: T) => string): T[] {
  return items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

function docComment(lines: string[], indent: string): string {
  const clean = lines.map(commentText).filter((line) => line.length > 0);
  if (clean.length === 0) return "";
  if (clean.length === 1) return `${indent}/** ${clean[0]} */\n`;
  return `${indent}/**\n${clean.map((line) => `${indent} * ${line}`).join("\n")}\n${indent} */\n`;
}

/** The parts of the metadata that shape the output, in a canonical order, for the header's hash. */
function metadataHash(metadata: OrgMetadata): string {
  const projection = Object.keys(metadata.fields)
    .sort()
    .map((module) => [
      module,
      sortedByName([...(metadata.fields[module] ?? [])], (f) => String(f.api_name ?? "")).map((f) => [
        f.api_name ?? null,
        f.field_label ?? f.display_label ?? null,
        f.data_type ?? null,
        f.read_only ?? null,
        f.system_mandatory ?? null,
        (Array.isArray(f.pick_list_values) ? f.pick_list_values : []).map((v) => [
          v?.actual_value ?? null,
          v?.display_value ?? null,
        ]),
        f.lookup?.module?.api_name ?? null,
        f.formula?.return_type ?? null,
        f.operation_type?.api_create ?? null,
        f.operation_type?.api_update ?? null,
        f.crypt ? 1 : 0,
      ]),
    ]);
  return createHash("sha256")
    .update(JSON.stringify([metadata.app, projection]))
    .digest("hex");
}

function subformModule(field: FieldMetadata): string | undefined {
  const candidates = [
    field.associated_module?.api_name,
    field.associated_module?.module,
    field.subform?.module,
  ];
  return candidates.find((name): name is string => typeof name === "string" && name.length > 0);
}

function planFields(
  module: string,
  fields: FieldMetadata[],
  recordType: (module: string) => string | undefined,
) {
  const planned: PlannedField[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const [index, field] of fields.entries()) {
    if (typeof field !== "object" || field === null) {
      throw new GenerationError(`Module ${module}: field #${index} is not an object in the metadata.`);
    }
    const name = field.api_name;
    const label = field.field_label ?? field.display_label ?? `#${index}`;
    if (typeof name !== "string" || name.trim() === "") {
      skipped.push(`A field labelled ${JSON.stringify(label)} has no api_name; it is left out.`);
      continue;
    }
    if (name === "id") continue;
    if (seen.has(name)) {
      skipped.push(`Field ${name} appears twice in the metadata; the first is used.`);
      continue;
    }
    seen.add(name);
    const row = field.data_type === "subform" ? subformModule(field) : undefined;
    planned.push({ name, field, typing: typeField(field, row ? recordType(row) : undefined) });
  }
  return { planned: sortedByName(planned, (p) => p.name), skipped };
}

/**
 * A create or update input. Fields written as they are read are listed by name and typed through the record's
 * properties (ZkOptional / ZkRequired), so their types and doc comments are written once, in the record: for a
 * large org this keeps the file and the compiler's parse time far smaller than repeating every property. Fields
 * written differently (lookups take `{ id }`) are spelled out.
 */
function inputType(stem: string, fields: PlannedField[], isRequired: (p: PlannedField) => boolean): string {
  const same = (required: boolean) =>
    fields.filter((p) => p.typing.write === p.typing.read && isRequired(p) === required).map((p) => p.name);
  const parts: string[] = [];
  const required = same(true);
  const optional = same(false);
  if (required.length > 0) parts.push(`ZkRequired<${stem}Record, ${literalUnion(required)}>`);
  if (optional.length > 0) parts.push(`ZkOptional<${stem}Record, ${literalUnion(optional)}>`);
  const other = fields.filter((p) => p.typing.write !== p.typing.read);
  if (other.length > 0) {
    const members = other.map((p) =>
      isRequired(p)
        ? `${propertyKey(p.name)}: ${p.typing.write}`
        : `${propertyKey(p.name)}?: ${p.typing.write} | null`,
    );
    parts.push(`{\n  ${members.join(";\n  ")};\n}`);
  }
  return parts.length > 0 ? parts.join(" & ") : "{}";
}

function fieldDoc(p: PlannedField): string[] {
  const label = p.field.field_label ?? p.field.display_label ?? p.name;
  const type = String(p.field.data_type ?? "unknown");
  return [`${label} (${type}).`, ...p.typing.notes];
}

/**
 * Turns org metadata into a TypeScript module: per module `<Module>Record`, `<Module>Create`, `<Module>Update`
 * and `<Module>Criteria`, and `interface Org` for `createCrmClient<Org>()` / `createBiginClient<Org>()`.
 */
export function generateOrgTypes(metadata: OrgMetadata, options: GenerateOptions = {}): string {
  if (metadata.app !== "crm" && metadata.app !== "bigin") {
    throw new GenerationError(`app must be "crm" or "bigin"; got ${JSON.stringify(metadata.app)}.`);
  }
  const modules = Object.keys(metadata.fields).sort();
  const stems = typeStems(modules);
  const recordType = (module: string) => (stems.has(module) ? `${stems.get(module)}Record` : undefined);
  const allowedOps = metadata.app === "bigin" ? new Set(BIGIN_OPERATORS) : undefined;
  const usedGroups = new Set<OperatorGroup>();
  const orgName = commentText(String(metadata.org.company_name ?? "unknown org"));
  const orgId = commentText(String(metadata.org.id ?? "unknown id"));

  const body: string[] = [];
  const orgEntries: string[] = [];
  for (const module of modules) {
    const stem = stems.get(module)!;
    const fields = metadata.fields[module];
    if (!Array.isArray(fields))
      throw new GenerationError(`Module ${module}: the fields metadata is not an array.`);
    const { planned, skipped } = planFields(module, fields, recordType);
    const moduleMeta = metadata.modules.find((m) => m.api_name === module);
    const label = moduleMeta?.plural_label ?? moduleMeta?.module_name ?? module;
    const heading = [`${label} (${module}): ${planned.length} fields.`, ...skipped];

    let record = docComment(heading, "");
    record += `export interface ${stem}Record {\n  id: string;\n`;
    for (const p of planned) {
      record += docComment(fieldDoc(p), "  ");
      record += `  ${propertyKey(p.name)}: ${p.typing.read} | null;\n`;
    }
    record += "}\n";

    const creatable = planned.filter((p) => isCreatable(p.field, p.typing));
    let create = docComment(
      [`Input of records.create("${module}"): required fields are Zoho's system-mandatory ones.`],
      "",
    );
    create += `export type ${stem}Create = ${inputType(stem, creatable, (p) => p.field.system_mandatory === true)};\n`;
    let update = docComment(
      [`Input of records.update("${module}"): the record's id and the fields to change.`],
      "",
    );
    const updatable = planned.filter((p) => isUpdatable(p.field, p.typing));
    update += `export type ${stem}Update = { id: string } & ${inputType(stem, updatable, () => false)};\n`;

    const byGroup = new Map<OperatorGroup, string[]>();
    for (const p of planned) {
      const group = p.typing.criteria;
      if (!group || !CRITERIA_FIELD.test(p.name)) continue;
      if (allowedOps && !criteriaOperators(group).some((op) => allowedOps.has(op))) continue;
      byGroup.set(group, [...(byGroup.get(group) ?? []), p.name]);
    }
    const pairs = [...byGroup.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([group, names]) => {
        usedGroups.add(group);
        return `\`\${${literalUnion(names)}}:\${${group}}\``;
      });
    let criteria = docComment([`The Field:operator pairs search criteria on ${module} may use.`], "");
    criteria += `export type ${stem}Criteria =${pairs.length === 0 ? " never" : `\n  | ${pairs.join("\n  | ")}`};\n`;

    body.push(record, create, update, criteria);
    orgEntries.push(
      `  ${propertyKey(module)}: {\n    record: ${stem}Record;\n    create: ${stem}Create;\n    update: ${stem}Update;\n    criteria: ${stem}Criteria;\n  };\n`,
    );
  }

  const operatorTypes = [...usedGroups]
    .sort()
    .map((group) => {
      const ops = OPERATOR_GROUPS[group].filter((op) => !allowedOps || allowedOps.has(op));
      return `type ${group} = ${literalUnion(ops)};`;
    })
    .join("\n");
  const appName = metadata.app === "crm" ? "Zoho CRM" : "Zoho Bigin";
  const factory = metadata.app === "crm" ? "createCrmClient" : "createBiginClient";
  const header = [
    `// Generated by zohokit typegen. Do not edit: rerun \`${commentText(options.command ?? `zohokit typegen --app ${metadata.app}`)}\` when the org changes.`,
    `// app: ${appName} (${metadata.app})`,
    `// org: ${orgName} (id ${orgId})`,
    `// modules (${modules.length}): ${modules.map(commentText).join(", ")}`,
    `// metadata sha256: ${metadataHash(metadata)}`,
  ].join("\n");
  const org =
    `/** Every module of the org, for \`${factory}<Org>()\`. */\n` +
    `export interface Org {\n${orgEntries.join("")}}\n`;
  // JSON.stringify leaves U+2028 and U+2029 as they are, but they end a // comment: escape them.
  const summaryJson = JSON.stringify(summarize(metadata)).replace(
    /[\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
  const summary = `${SUMMARY_MARKER}${summaryJson}`;
  return (
    [header, HELPER_TYPES, operatorTypes, ...body, org, summary]
      .map((part) => part.trimEnd())
      .filter((part) => part.length > 0)
      .join("\n\n") + "\n"
  );
}
