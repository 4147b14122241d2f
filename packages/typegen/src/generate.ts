import { createHash } from "node:crypto";
import { BIGIN_CRITERIA_OPERATORS } from "@zohokit/bigin";
import {
  criteriaHelperType,
  criteriaOperators,
  type FieldTyping,
  HELPER_TYPES,
  isCreatable,
  isUpdatable,
  type OperatorGroup,
  SEARCH_CLASS,
  typeField,
} from "./field-types.js";
import type { FieldMetadata, OrgMetadata } from "./metadata.js";
import { commentText, propertyKey, stringLiteral, typeStems } from "./names.js";
import { relatedMember, relatedTargets } from "./related.js";
import { SUMMARY_MARKER, summarize } from "./summary.js";
import { PIPELINES, teamPipelinesDeclaration, teamPipelinesHashPart } from "./team-pipelines.js";

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
        f.json_type ?? null,
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
  const pipelines = teamPipelinesHashPart(metadata);
  // Related lists join the hash only when they were read, so files generated from older snapshots keep theirs.
  const related = metadata.relatedLists
    ? Object.keys(metadata.fields)
        .sort()
        .map((module) => {
          const lists = Object.hasOwn(metadata.relatedLists!, module)
            ? metadata.relatedLists![module]
            : undefined;
          return [module, Array.isArray(lists) ? [...relatedTargets(lists)] : null];
        })
    : undefined;
  // Each part joins the hash only when it was read, so files generated from older snapshots keep theirs.
  const parts: unknown[] = [metadata.app, projection];
  if (pipelines) parts.push(pipelines);
  if (related) parts.push(related);
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
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

/** How a field is written, which decides the group it is declared in. */
type Access = "Writable" | "Lookup" | "ReadOnly";

const UNSEARCHABLE = "Unsearchable";

interface FieldGroup {
  name: string;
  access: Access;
  search: OperatorGroup | undefined;
  fields: PlannedField[];
}

/**
 * Each field is declared once, in the group of fields written and searched alike; records, inputs and criteria
 * are derived from the groups by name. Repeating field names in input and criteria types made large orgs' files
 * several times larger and slower to parse than the fields themselves.
 */
function groupFields(
  stem: string,
  planned: PlannedField[],
  searchOf: (p: PlannedField) => OperatorGroup | undefined,
): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const p of planned) {
    const access = accessOf(p);
    const search = searchOf(p);
    const name = `${stem}${access}${search ? SEARCH_CLASS[search] : UNSEARCHABLE}`;
    let group = groups.get(name);
    if (!group) {
      group = { name, access, search, fields: [] };
      groups.set(name, group);
    }
    group.fields.push(p);
  }
  return sortedByName([...groups.values()], (g) => g.name);
}

/** Writable: created and updated as read. Lookup: created and updated as `{ id }`. Anything else is listed apart. */
function accessOf(p: PlannedField): Access {
  if (!isCreatable(p.field, p.typing) || !isUpdatable(p.field, p.typing)) return "ReadOnly";
  if (p.typing.write === p.typing.read) return "Writable";
  if (p.typing.write === "ZkIdRef") return "Lookup";
  return "ReadOnly";
}

/**
 * A create or update input, as an interface: the writable group optional, lookups as `{ id }`, and in its body the
 * required fields and the few written otherwise (create-only, update-only, subform rows). An interface rather than
 * an intersection, so the compiler reads its members once instead of combining them on every check.
 */
function inputInterface(
  name: string,
  stem: string,
  groups: FieldGroup[],
  editable: (p: PlannedField) => boolean,
  isRequired: (p: PlannedField) => boolean,
  leading: string[] = [],
): string {
  const bases: string[] = [];
  if (groups.some((g) => g.access === "Writable")) bases.push(`ZkOptional<${stem}Writable>`);
  if (groups.some((g) => g.access === "Lookup")) bases.push(`ZkLookupInput<${stem}Lookups>`);
  const spelled = groups.flatMap((g) => {
    if (g.access === "ReadOnly") return g.fields.filter(editable);
    return g.fields.filter(isRequired);
  });
  const members = sortedByName(spelled, (p) => p.name).map((p) => {
    const key = propertyKey(p.name);
    if (!isRequired(p)) return `${key}?: ${p.typing.write} | null;`;
    return p.typing.write === p.typing.read
      ? `${key}: ${stem}Fields[${stringLiteral(p.name)}];`
      : `${key}: ${p.typing.write};`;
  });
  const body = [...leading, ...members];
  const heritage = bases.length > 0 ? ` extends ${bases.join(", ")}` : "";
  return `export interface ${name}${heritage} {${body.length > 0 ? `\n  ${body.join("\n  ")}\n` : ""}}\n`;
}

const ACCESS_DOC: Record<Access, string> = {
  Writable: "written as read",
  Lookup: "written as { id }",
  ReadOnly: "read-only or written apart",
};

function groupDoc(module: string, group: FieldGroup, allowedOps: ReadonlySet<string> | undefined): string {
  const ops = criteriaOperators(group.search).filter((op) => !allowedOps || allowedOps.has(op));
  const search = ops.length > 0 ? `searched with ${ops.join(", ")}` : "not searchable";
  return `${module} fields ${ACCESS_DOC[group.access]}, ${search}.`;
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
  const allowedOps = metadata.app === "bigin" ? BIGIN_CRITERIA_OPERATORS : undefined;
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
    const heading = [
      `${label} (${module}): ${planned.length} fields, declared below in groups by how they are written and searched.`,
      ...skipped,
    ];

    const searchOf = (p: PlannedField): OperatorGroup | undefined => {
      const group = p.typing.criteria;
      if (!group || !CRITERIA_FIELD.test(p.name)) return undefined;
      if (allowedOps && !criteriaOperators(group).some((op) => allowedOps.has(op))) return undefined;
      return group;
    };
    const groups = groupFields(stem, planned, searchOf);

    let groupTypes = "";
    for (const group of groups) {
      groupTypes += docComment([groupDoc(module, group, allowedOps)], "");
      groupTypes += `export interface ${group.name} {\n`;
      for (const p of group.fields) {
        groupTypes += docComment(fieldDoc(p), "  ");
        groupTypes += `  ${propertyKey(p.name)}: ${p.typing.read};\n`;
      }
      groupTypes += "}\n";
    }
    // Inputs map over one interface per kind: its members merge once, where an intersection of the groups would
    // make the compiler build a combined property for every field of every module a program writes to.
    const interfaceOf = (name: string, bases: string[]) =>
      `export interface ${name}${bases.length > 0 ? ` extends ${bases.join(", ")}` : ""} {}\n`;
    const namesOf = (access: Access) => groups.filter((g) => g.access === access).map((g) => g.name);
    const bases: string[] = [];
    for (const [access, name, doc] of [
      ["Writable", `${stem}Writable`, `${module} fields written as read.`],
      ["Lookup", `${stem}Lookups`, `${module} fields written as { id }.`],
    ] as const) {
      if (namesOf(access).length === 0) continue;
      groupTypes = docComment([doc], "") + interfaceOf(name, namesOf(access)) + groupTypes;
      bases.push(name);
    }
    bases.push(...namesOf("ReadOnly"));
    const fieldsType = docComment(heading, "") + interfaceOf(`${stem}Fields`, bases);

    const record =
      docComment([`A record of ${module} as Zoho sends it: the id, and every field (null when empty).`], "") +
      `export interface ${stem}Record extends ZkRecord<${stem}Fields> {\n  id: string;\n}\n`;
    const isCreateField = (p: PlannedField) => isCreatable(p.field, p.typing);
    const isUpdateField = (p: PlannedField) => isUpdatable(p.field, p.typing);
    const create =
      docComment(
        [`Input of records.create("${module}"): required fields are Zoho's system-mandatory ones.`],
        "",
      ) +
      inputInterface(
        `${stem}Create`,
        stem,
        groups,
        isCreateField,
        (p) => isCreateField(p) && p.field.system_mandatory === true,
      );
    const update =
      docComment([`Input of records.update("${module}"): the record's id and the fields to change.`], "") +
      inputInterface(`${stem}Update`, stem, groups, isUpdateField, () => false, ["id: string;"]);

    const fieldsByClass = new Map<string, string[]>();
    for (const group of groups) {
      if (!group.search) continue;
      const searchClass = SEARCH_CLASS[group.search];
      fieldsByClass.set(searchClass, [...(fieldsByClass.get(searchClass) ?? []), `keyof ${group.name}`]);
    }
    const classes = [...fieldsByClass.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([searchClass, keys]) => `  ${searchClass}: ${keys.join(" | ")};\n`);
    const criteria =
      docComment([`Search criteria on ${module}: for each operator, the fields it may be used on.`], "") +
      `export interface ${stem}Criteria extends ZkCriteria<{${classes.length > 0 ? `\n${classes.join("")}` : ""}}> {}\n`;

    const pipelines = module === PIPELINES ? teamPipelinesDeclaration(metadata, stem) : undefined;
    body.push(fieldsType, record, create, update, criteria, groupTypes, pipelines?.declaration ?? "");
    const related = relatedMember(
      metadata.relatedLists && Object.hasOwn(metadata.relatedLists, module)
        ? metadata.relatedLists[module]
        : undefined,
    );
    orgEntries.push(
      `  ${propertyKey(module)}: {\n    fields: ${stem}Fields;\n    record: ${stem}Record;\n    create: ${stem}Create;\n    update: ${stem}Update;\n    criteria: ${stem}Criteria;\n${related ? `    ${related};\n` : ""}${pipelines ? `    ${pipelines.orgMember}\n` : ""}  };\n`,
    );
  }

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
  const summaryJson = stringLiteral(summarize(metadata));
  const summary = `${SUMMARY_MARKER}${summaryJson}`;
  return (
    [header, HELPER_TYPES, criteriaHelperType(allowedOps), ...body, org, summary]
      .map((part) => part.trimEnd())
      .filter((part) => part.length > 0)
      .join("\n\n") + "\n"
  );
}
