import { CRITERIA_OPERATORS } from "@zohokit/core";
import type { FieldMetadata } from "./metadata.js";
import { stringLiteral } from "./names.js";

/** Helper types every generated file declares once (prefixed so they never collide with a module's types). */
export const HELPER_TYPES = `/** A lookup to another record. */
export interface ZkLookup {
  id: string;
  name?: string | null;
}
/** A tag on a record (the Tag field): \`[]\` when untagged; a tag to add needs only its name. */
export interface ZkTag {
  name: string;
  id?: string;
  color_code?: string | null;
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

/** What a value is in JSON, as Zoho's json_type says: string, integer or double, boolean, jsonobject, jsonarray. */
export type Shape = "string" | "number" | "boolean" | "object" | "array";

const JSON_TYPES = new Map<string, Shape>([
  ["string", "string"],
  ["integer", "number"],
  ["double", "number"],
  ["boolean", "boolean"],
  ["jsonobject", "object"],
  ["jsonarray", "array"],
]);

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
  return [...new Set(values)].map((value) => stringLiteral(value)).join(" | ");
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
  return `ZkPicklist<${stringLiteral(unique.join("|"))}>`;
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
 * How a field reads, writes and filters. Zoho's json_type decides the shape of the value (string, number, boolean,
 * object, array); the data_type refines it where the two agree (a picklist's values, a lookup's `{ id, name }`,
 * a date's format). Where they disagree, as for the Tag field (data_type text, sent as a JSON array of tags), the
 * json_type wins: a record Zoho sends must type-check. Without a json_type, the data_type alone decides.
 * `rowType` names the generated row type of a subform whose module was generated.
 */
export function typeField(field: FieldMetadata, rowType: string | undefined): FieldTyping {
  const dataType = String(field.data_type ?? "");
  const encrypted = field.crypt !== null && field.crypt !== undefined && field.crypt !== false;
  const declared = typeof field.json_type === "string" ? JSON_TYPES.get(field.json_type) : undefined;
  const base = baseTyping(field, dataType, rowType);
  const typing = declared && base.shape !== declared ? typeByJsonType(field, declared, base) : base.typing;
  if (encrypted && typing.criteria) typing.criteria = "ZkExactOps";
  return typing;
}

/** The type of a value of this shape when the data_type says nothing that fits it. */
const SHAPE_TYPES: Record<Shape, string> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  object: "{ [key: string]: unknown }",
  array: "unknown[]",
};

/** The data_type's typing, its JSON shape (undefined: unknown or mixed), and when undecided, what it is. */
interface BaseTyping {
  typing: FieldTyping;
  shape: Shape | undefined;
  undecided?: string;
}

function typeByJsonType(field: FieldMetadata, shape: Shape, base: BaseTyping): FieldTyping {
  const dataType = String(field.data_type ?? "");
  const jsonType = JSON.stringify(field.json_type);
  // Zoho's tags: a text field sent as an array of { name, id } (Tag, in every CRM and Bigin module).
  const tags = dataType === "text" && shape === "array";
  const read = tags ? "ZkTag[]" : SHAPE_TYPES[shape];
  const note = tags
    ? "Tags: data_type text, sent as an array of { name, id }."
    : base.undecided
      ? `${base.undecided}: typed by its json_type ${jsonType}.`
      : `Sent as json_type ${jsonType} although its data_type is ${JSON.stringify(dataType)}: typed by the json_type.`;
  return { read, ...(base.typing.write !== undefined ? { write: read } : {}), notes: [note] };
}

const decided = (shape: Shape, typing: FieldTyping): BaseTyping => ({ typing, shape });

function baseTyping(field: FieldMetadata, dataType: string, rowType: string | undefined): BaseTyping {
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
    return decided("string", {
      read: "string",
      write: "string",
      ...(criteria ? { criteria } : {}),
      notes: [],
    });
  }
  if (NUMBER.has(dataType)) {
    return decided("number", { read: "number", write: "number", criteria: "ZkCompareOps", notes: [] });
  }
  if (dataType === "bigint") {
    const notes = ["A big integer, as a string of digits."];
    return decided("string", { read: "string", write: "string", criteria: "ZkCompareOps", notes });
  }
  if (dataType === "boolean") {
    return decided("boolean", { read: "boolean", write: "boolean", criteria: "ZkBooleanOps", notes: [] });
  }
  if (dataType === "date") {
    const notes = ["Format: YYYY-MM-DD."];
    return decided("string", { read: "string", write: "string", criteria: "ZkCompareOps", notes });
  }
  if (dataType === "datetime") {
    const notes = ["Format: ISO 8601 with offset, e.g. 2026-05-14T12:51:54+03:00."];
    return decided("string", { read: "string", write: "string", criteria: "ZkCompareOps", notes });
  }
  if (dataType === "picklist" || dataType === "multiselectpicklist") {
    const values = picklistValues(field);
    const single = values ? picklistType(values.actual) : "string";
    const notes = values ? displayNote(values) : ["No pick_list_values in the metadata: typed as string."];
    if (dataType === "picklist") {
      return decided("string", { read: single, write: single, criteria: "ZkChoiceOps", notes });
    }
    const array = values ? `Array<${single}>` : "string[]";
    return decided("array", { read: array, write: array, criteria: "ZkMultiChoiceOps", notes });
  }
  if (dataType === "lookup") {
    const target = field.lookup?.module?.api_name;
    const notes = target ? [`Looks up ${target}.`] : [];
    return decided("object", { read: "ZkLookup", write: "ZkIdRef", criteria: "ZkChoiceOps", notes });
  }
  if (dataType === "ownerlookup" || dataType === "userlookup") {
    return decided("object", { read: "ZkUser", write: "ZkIdRef", criteria: "ZkChoiceOps", notes: [] });
  }
  if (dataType === "layout" || dataType === "consent_lookup") {
    return decided("object", { read: "ZkLookup", write: "ZkIdRef", notes: [] });
  }
  if (dataType === "territories" || dataType === "multiuserlookup") {
    return decided("array", { read: "ZkRow[]", write: "ZkRow[]", notes: [] });
  }
  if (dataType === "multiselectlookup") {
    return decided("array", { read: "ZkRow[]", write: "ZkRow[]", notes: ["Rows of the linking module."] });
  }
  if (dataType === "subform") {
    if (rowType) return decided("array", { read: `${rowType}[]`, write: "ZkRow[]", notes: [] });
    const notes = ["The subform's own fields were not read: rows are loose."];
    return decided("array", { read: "ZkRow[]", write: "ZkRow[]", notes });
  }
  if (dataType === "fileupload" || dataType === "imageupload") {
    return decided("array", { read: "ZkFileRef[]", write: "ZkFileRef[]", notes: [] });
  }
  if (dataType === "formula") {
    const returnType = field.formula?.return_type;
    if (typeof returnType === "string" && returnType !== "formula") {
      const returned = baseTyping(field, returnType, undefined);
      const { read, criteria } = returned.typing;
      const about = `A formula returning ${returnType}`;
      return {
        typing: { read, ...(criteria ? { criteria } : {}), notes: [`${about}.`] },
        shape: returned.shape,
        ...(returned.undecided ? { undecided: about } : {}),
      };
    }
    const undecided = "A formula with no known return type";
    return {
      typing: { read: "unknown", notes: [`${undecided}: typed as unknown.`] },
      shape: undefined,
      undecided,
    };
  }
  if (dataType === "rollup_summary") {
    const undecided = "A roll-up summary";
    return { typing: { read: "number | string", notes: [`${undecided}.`] }, shape: undefined, undecided };
  }
  const undecided = `Unknown ${dataType === "" ? "no data_type" : `data type "${dataType}"`}`;
  return {
    typing: {
      read: "unknown",
      notes: [`${undecided}: typed as unknown (zohokit does not know this type yet).`],
    },
    shape: undefined,
    undecided,
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
