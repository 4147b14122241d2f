/**
 * What a write's record input must satisfy, checked per record as Zoho does: required fields, each value against
 * its field's data type, length and picklist, and unique fields against the stored records. With an org the
 * module's field metadata decides; without one only the standard required fields are checked.
 */

import {
  type DuplicateOf,
  duplicateData,
  type ItemResult,
  invalidItem,
  invalidValue,
  mandatoryNotFound,
  multipleErrors,
} from "./errors.js";
import type { FieldModel, ModuleModel } from "./org.js";
import type { MockRecord } from "./store.js";
import { isDigits, isEmpty, isObject } from "./values.js";

/** A value equal to this fails with INVALID_DATA on any field, with or without an org (to force a failure). */
export const INVALID_MARKER = "__invalid__";

/** Keys a write never sets: the mock sets them. */
const SYSTEM_KEYS = new Set(["id", "Created_Time", "Modified_Time", "Created_By", "Modified_By"]);

const TEXT_TYPES = new Set(["text", "textarea", "email", "phone", "website", "picklist", "autonumber"]);
const NUMBER_TYPES = new Set(["double", "decimal", "currency", "percent"]);
const LOOKUP_TYPES = new Set(["lookup", "ownerlookup", "userlookup"]);
const LIST_TYPES = new Set(["multiuserlookup", "multiselectlookup", "subform", "fileupload", "imageupload"]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+0-9()\-.\s/x]*[0-9][+0-9()\-.\s/x]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d{1,15}$/;
const BIGINT = /^-?\d{1,19}$/;

/** Why a value does not fit its field: the INVALID_DATA details, or undefined when it fits. */
function misfit(field: FieldModel, value: unknown): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  const type = field.dataType;
  const expected = { expected_data_type: type };
  if (type !== "multiselectpicklist" && field.jsonType === "jsonarray")
    return Array.isArray(value) ? undefined : expected;
  if (field.jsonType === "jsonobject") return isObject(value) || isDigits(value) ? undefined : expected;
  if (TEXT_TYPES.has(type)) {
    if (typeof value !== "string") return expected;
    if (type === "email" && value !== "" && !EMAIL.test(value)) return expected;
    if (type === "phone" && value !== "" && !PHONE.test(value)) return expected;
    if (field.picklist && type === "picklist" && value !== "" && !field.picklist.has(value)) {
      return { supported_values: [...field.picklist] };
    }
    if (field.length !== undefined && type !== "picklist" && value.length > field.length) {
      return { maximum_length: field.length };
    }
    return undefined;
  }
  switch (type) {
    case "multiselectpicklist":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) return expected;
      if (field.picklist && !value.every((v) => field.picklist!.has(v))) {
        return { supported_values: [...field.picklist] };
      }
      return undefined;
    case "integer":
    case "bigint": {
      const text = Number.isSafeInteger(value) ? String(value) : typeof value === "string" ? value : "";
      if (!(type === "integer" ? INTEGER : BIGINT).test(text)) return expected;
      // Zoho's length of a number field is its most digits.
      return field.length !== undefined && text.replace("-", "").length > field.length
        ? { maximum_length: field.length }
        : undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : expected;
    case "date":
      return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : expected;
    case "datetime":
      return typeof value === "string" && DATETIME.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : expected;
    default:
      break;
  }
  if (NUMBER_TYPES.has(type)) {
    const ok =
      (typeof value === "number" && Number.isFinite(value)) ||
      (typeof value === "string" && NUMERIC.test(value));
    return ok ? undefined : expected;
  }
  if (LOOKUP_TYPES.has(type)) {
    const ok = isDigits(value) || (isObject(value) && (isDigits(value.id) || typeof value.name === "string"));
    return ok ? undefined : expected;
  }
  if (LIST_TYPES.has(type)) return Array.isArray(value) ? undefined : expected;
  return undefined;
}

export interface CheckedInput {
  /** The values to store: the input without system keys and, with an org, without read-only or unknown fields. */
  values: Record<string, unknown>;
  error?: ItemResult;
}

function combine(errors: ItemResult[]): ItemResult | undefined {
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0] : multipleErrors(errors);
}

/**
 * Checks one record input of a write. `creating`: required fields must be present (a create, or an upsert that
 * inserts); otherwise only those present must not be emptied.
 */
export function checkInput(
  module: ModuleModel,
  input: unknown,
  index: number,
  creating: boolean,
): CheckedInput {
  if (!isObject(input)) return { values: {}, error: invalidItem(index) };
  const errors: ItemResult[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (SYSTEM_KEYS.has(key)) continue;
    if (value === INVALID_MARKER) {
      errors.push(invalidValue(key, index, { expected_data_type: "text" }));
      continue;
    }
    if (!module.strict) {
      values[key] = value;
      continue;
    }
    const field = module.fields.get(key);
    // Zoho drops keys that are not fields of the module, and values of read-only fields.
    if (!field || field.readOnly) continue;
    const problem = misfit(field, value);
    if (problem) errors.push(invalidValue(key, index, problem));
    else values[key] = value;
  }
  for (const field of module.mandatory) {
    const missing = creating ? isEmpty(input[field]) : field in input && isEmpty(input[field]);
    if (missing) errors.push(mandatoryNotFound(field, index));
  }
  const error = combine(errors);
  return error ? { values, error } : { values };
}

function sameValue(a: unknown, b: unknown, caseSensitive: boolean): boolean {
  if (typeof a === "string" && typeof b === "string") {
    return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

/** DUPLICATE_DATA for each unique field whose new value another record of the module already has. */
export function checkUnique(
  module: ModuleModel,
  values: Record<string, unknown>,
  index: number,
  records: readonly MockRecord[],
  self: MockRecord | undefined,
  duplicateOf: (record: MockRecord) => DuplicateOf,
): ItemResult | undefined {
  const errors: ItemResult[] = [];
  for (const field of module.unique) {
    const value = values[field.apiName];
    if (isEmpty(value)) continue;
    const clash = records.find(
      (record) => record !== self && sameValue(record[field.apiName], value, field.unique!.caseSensitive),
    );
    if (clash) errors.push(duplicateData(field.apiName, index, duplicateOf(clash)));
  }
  return combine(errors);
}
