import { CRITERIA_OPERATORS } from "@zohokit/core";
import type { FieldMetadata } from "./metadata.js";

/** Helper types every generated file declares once (prefixed so they never collide with a module's types). */
export const HELPER_TYPES = `/** A lookup to another record. */
export interface ZkLookup {
  id: string;
  name?: string | null;
}
/** A user reference (owner, creator, user lookups). */
export interface ZkUser {
  id: string;
  name?: string | null;
  email?: string | null;
}
/** A file or image attached to a record. */
export interface ZkFileRef {
  id?: string;
  File_Id__s?: string;
  File_Name__s?: string;
  Size__s?: string;
  [key: string]: unknown;
}
/** A tag on a record (the Tag field): \`[]\` when untagged. */
export interface ZkTag {
  name: string;
  id?: string;
  color_code?: string | null;
}
/** A row of a multi-select lookup's linking module, or of a subform whose fields were not read. */
export interface ZkRow {
  id?: string;
  [key: string]: unknown;
}
/** Writing a lookup or user field takes the referenced record's id. */
export interface ZkIdRef {
  id: string;
}
/**
 * A picklist's values, written as one string separated by "|": a large org declares thousands of picklists, and one
 * string is far quicker for the compiler to read than a union of literals. It reads as the union ("A" | "B" | "C").
 */
export type ZkPicklist<S extends string, Values = never> = S extends \`\${infer Value}|\${infer Rest}\`
  ? ZkPicklist<Rest, Values | Value>
  : Values | S;
/** Every field of a record as Zoho sends it, null when empty (the record interface adds the id). */
export type ZkRecord<F> = { [K in keyof F]: F[K] | null };
/** Input fields written as they are read: optional, null clears them. */
export type ZkOptional<F> = { [K in keyof F]?: F[K] | null };
/** Input lookup and user fields: the referenced record's id. */
export type ZkLookupInput<F> = { [K in keyof F]?: ZkIdRef | null };`;

/** Operator sets by what Zoho allows for each data type (zoho-api-notes: operators by data type). */
export const OPERATOR_GROUPS = {
  ZkTextOps: ["equals", "not_equal", "starts_with", "in"],
  ZkTextareaOps: ["equals", "not_equal", "starts_with"],
  ZkChoiceOps: ["equals", "not_equal", "in"],
  ZkMultiChoiceOps: ["equals", "not_equal", "in", "starts_with"],
  ZkCompareOps: [
    "equals",
    "not_equal",
    "greater_than",
    "greater_equal",
    "less_than",
    "less_equal",
    "between",
    "in",
  ],
  ZkBooleanOps: ["equals", "not_equal"],
  ZkExactOps: ["equals"],
} as const;
export type OperatorGroup = keyof typeof OPERATOR_GROUPS;

/** How each operator group is named in generated types: `LeadsWritableText`, and the keys of ZkCriteria's argument. */
export const SEARCH_CLASS: Record<OperatorGroup, string> = {
  ZkTextOps: "Text",
  ZkTextareaOps: "Textarea",
  ZkChoiceOps: "Choice",
  ZkMultiChoiceOps: "MultiChoice",
  ZkCompareOps: "Compare",
  ZkBooleanOps: "Boolean",
  ZkExactOps: "Exact",
};

/**
 * The ZkCriteria helper of a generated file: for each operator the app allows, the names of the fields of every
 * search class that allows it. A module's criteria type is then a handful of field-name unions keyed by operator,
 * which the compiler checks a condition against without building a member per field.
 */
export function criteriaHelperType(allowedOps?: ReadonlySet<string>): string {
  const groups = Object.keys(OPERATOR_GROUPS) as OperatorGroup[];
  const members = CRITERIA_OPERATORS.filter((op) => !allowedOps || allowedOps.has(op)).map((op) => {
    const classes = groups
      .filter((group) => (OPERATOR_GROUPS[group] as readonly string[]).includes(op))
      .map((group) => JSON.stringify(SEARCH_CLASS[group]));
    const key = classes.length > 1 ? `(${classes.join(" | ")})` : classes[0];
    return `  ${op}?: F[${key} & keyof F];`;
  });
  return [
    "/**",
    " * A module's search criteria by operator: the fields each operator may be used on. F holds the field names of",
    " * each search class (Text, Choice, Compare, ...) of the module.",
    " */",
    `export type ZkCriteria<F> = {\n${members.join("\n")}\n};`,
  ].join("\n");
}

const TEXT = new Set(["text", "email", "phone", "website", "event_reminder"]);
const NUMBER = new Set(["integer", "double", "decimal", "currency", "percent", "long"]);

export interface FieldTyping {
  /** The value as read, without `| null`. */
  read: string;
  /** The value as written; undefined when the field cannot be written. */
  write?: string;
  criteria?: OperatorGroup;
  /** Extra doc comment lines: formats, display values, fallbacks. */
  notes: string[];
}

export function literalUnion(values: readonly string[]): string {
  return [...new Set(values)].map((value) => JSON.stringify(value)).join(" | ");
}

function picklistValues(field: FieldMetadata): { actual: string[]; display: string[] } | undefined {
  if (!Array.isArray(field.pick_list_values) || field.pick_list_values.length === 0) return undefined;
  const actual: string[] = [];
  const display: string[] = [];
  for (const value of field.pick_list_values) {
    const a = typeof value?.actual_value === "string" ? value.actual_value : undefined;
    const d = typeof value?.display_value === "string" ? value.display_value : undefined;
    if (a === undefined && d === undefined) continue;
    actual.push(a ?? (d as string));
    display.push(d ?? (a as string));
  }
  return actual.length > 0 ? { actual, display } : undefined;
}

/** Past this many values a picklist is written as a plain union (the compiler's recursion depth is 1,000). */
const MAX_PACKED_VALUES = 500;

/** The values as `ZkPicklist<"A|B|C">`, or as a union when there is one value or a value holds "|". */
function picklistType(values: readonly string[]): string {
  const unique = [...new Set(values)];
  if (unique.length < 2 || unique.length > MAX_PACKED_VALUES || unique.some((v) => v.includes("|"))) {
    return literalUnion(unique);
  }
  return `ZkPicklist<${JSON.stringify(unique.join("|"))}>`;
}

function displayNote(values: { actual: string[]; display: string[] }): string[] {
  const differing = values.actual
    .map((actual, i) => [actual, values.display[i]!] as const)
    .filter(([actual, display]) => actual !== display);
  if (differing.length === 0) return [];
  return [
    `Display values: ${differing.map(([a, d]) => `${JSON.stringify(a)} shown as ${JSON.stringify(d)}`).join(", ")}.`,
  ];
}

/**
 * How a field reads, writes and filters, from its data_type (and json_type or formula return type where needed).
 * `rowType` names the generated row type of a subform whose module was generated.
 */
export function typeField(field: FieldMetadata, rowType: string | undefined): FieldTyping {
  const dataType = String(field.data_type ?? "");
  const encrypted = field.crypt !== null && field.crypt !== undefined && field.crypt !== false;
  const typing = baseTyping(field, dataType, rowType);
  if (encrypted && typing.criteria) typing.criteria = "ZkExactOps";
  return typing;
}

function baseTyping(field: FieldMetadata, dataType: string, rowType: string | undefined): FieldTyping {
  // The Tag field: data_type text, but records carry [{ name, id, color_code }] (json_type says so).
  if (TEXT.has(dataType) && field.json_type === "jsonarray") {
    return {
      read: "ZkTag[]",
      notes: ["Tags, changed with the tags API (add_tags, remove_tags), not by writes."],
    };
  }
  if (
    TEXT.has(dataType) ||
    dataType === "textarea" ||
    dataType === "autonumber" ||
    dataType === "profileimage"
  ) {
    const criteria: OperatorGroup | undefined =
      dataType === "textarea"
        ? "ZkTextareaOps"
        : dataType === "autonumber"
          ? "ZkChoiceOps"
          : dataType === "profileimage"
            ? undefined
            : "ZkTextOps";
    return { read: "string", write: "string", ...(criteria ? { criteria } : {}), notes: [] };
  }
  if (NUMBER.has(dataType)) return { read: "number", write: "number", criteria: "ZkCompareOps", notes: [] };
  if (dataType === "bigint") {
    return {
      read: "string",
      write: "string",
      criteria: "ZkCompareOps",
      notes: ["A big integer, as a string of digits."],
    };
  }
  if (dataType === "boolean")
    return { read: "boolean", write: "boolean", criteria: "ZkBooleanOps", notes: [] };
  if (dataType === "date")
    return { read: "string", write: "string", criteria: "ZkCompareOps", notes: ["Format: YYYY-MM-DD."] };
  if (dataType === "datetime") {
    return {
      read: "string",
      write: "string",
      criteria: "ZkCompareOps",
      notes: ["Format: ISO 8601 with offset, e.g. 2026-05-14T12:51:54+03:00."],
    };
  }
  if (dataType === "picklist" || dataType === "multiselectpicklist") {
    const values = picklistValues(field);
    const single = values ? picklistType(values.actual) : "string";
    const notes = values ? displayNote(values) : ["No pick_list_values in the metadata: typed as string."];
    if (dataType === "picklist") return { read: single, write: single, criteria: "ZkChoiceOps", notes };
    const array = values ? `Array<${single}>` : "string[]";
    return { read: array, write: array, criteria: "ZkMultiChoiceOps", notes };
  }
  if (dataType === "lookup") {
    const target = field.lookup?.module?.api_name;
    return {
      read: "ZkLookup",
      write: "ZkIdRef",
      criteria: "ZkChoiceOps",
      notes: target ? [`Looks up ${target}.`] : [],
    };
  }
  if (dataType === "ownerlookup" || dataType === "userlookup") {
    return { read: "ZkUser", write: "ZkIdRef", criteria: "ZkChoiceOps", notes: [] };
  }
  if (dataType === "layout" || dataType === "consent_lookup")
    return { read: "ZkLookup", write: "ZkIdRef", notes: [] };
  if (dataType === "territories" || dataType === "multiuserlookup")
    return { read: "ZkRow[]", write: "ZkRow[]", notes: [] };
  if (dataType === "multiselectlookup")
    return { read: "ZkRow[]", write: "ZkRow[]", notes: ["Rows of the linking module."] };
  if (dataType === "subform") {
    if (rowType) return { read: `${rowType}[]`, write: "ZkRow[]", notes: [] };
    return {
      read: "ZkRow[]",
      write: "ZkRow[]",
      notes: ["The subform's own fields were not read: rows are loose."],
    };
  }
  if (dataType === "fileupload" || dataType === "imageupload") {
    return { read: "ZkFileRef[]", write: "ZkFileRef[]", notes: [] };
  }
  if (dataType === "formula") {
    const returnType = field.formula?.return_type;
    if (typeof returnType === "string" && returnType !== "formula") {
      const typed = baseTyping(field, returnType, undefined);
      return {
        read: typed.read,
        ...(typed.criteria ? { criteria: typed.criteria } : {}),
        notes: [`A formula returning ${returnType}.`],
      };
    }
    return { read: "unknown", notes: ["A formula with no known return type: typed as unknown."] };
  }
  if (dataType === "rollup_summary") return { read: "number | string", notes: ["A roll-up summary."] };
  const fallback = dataType === "" ? "no data_type" : `data type "${dataType}"`;
  return {
    read: "unknown",
    notes: [`Unknown ${fallback}: typed as unknown (zohokit does not know this type yet).`],
  };
}

export function criteriaOperators(group: OperatorGroup | undefined): readonly string[] {
  return group ? OPERATOR_GROUPS[group] : [];
}

/** Read-only by nature: Zoho computes these. */
const COMPUTED = new Set(["formula", "autonumber", "rollup_summary", "profileimage"]);
/** System fields Zoho sets itself. */
const SYSTEM = new Set([
  "id",
  "Created_Time",
  "Modified_Time",
  "Created_By",
  "Modified_By",
  "Last_Activity_Time",
  "Tag",
]);

export function isCreatable(field: FieldMetadata, typing: FieldTyping): boolean {
  if (typing.write === undefined || field.read_only === true || COMPUTED.has(String(field.data_type)))
    return false;
  if (SYSTEM.has(String(field.api_name))) return false;
  return field.operation_type?.api_create !== false;
}

export function isUpdatable(field: FieldMetadata, typing: FieldTyping): boolean {
  if (typing.write === undefined || field.read_only === true || COMPUTED.has(String(field.data_type)))
    return false;
  if (SYSTEM.has(String(field.api_name))) return false;
  return field.operation_type?.api_update !== false;
}
