import { ZohoKitError } from "./errors.js";

/** The one home of the naming rules every helper checks before a request. */
export const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Field API names; `.` joins a lookup and its field (COQL's Owner.name), `$` starts system keys. */
export const FIELD_NAME = /^[A-Za-z0-9_$.]+$/;
/** Zoho ids: strings of digits (19 today). */
export const RECORD_ID = /^[0-9]{1,30}$/;

/** A ZohoKitError that ends with the value it refuses. */
export function refuse(message: string, value: unknown, advice = ""): ZohoKitError {
  let shown: string;
  try {
    shown = typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  if (shown.length > 120) shown = `${shown.slice(0, 120)}…`;
  return new ZohoKitError(`${message}; got ${shown}.${advice}`);
}

export function assertModule(module: unknown, what = "The module"): asserts module is string {
  if (typeof module !== "string" || !MODULE_NAME.test(module)) {
    throw refuse(
      `${what} must be a module API name such as "Leads" (letters, digits, _; case-sensitive)`,
      module,
    );
  }
}

export function assertRecordId(id: unknown, what = "The record id"): asserts id is string {
  if (typeof id !== "string" || !RECORD_ID.test(id)) {
    throw refuse(
      `${what} must be a Zoho id, a string of digits such as "5725767000000524157"`,
      id,
      typeof id === "number" ? " Keep ids as strings: they exceed Number's precision." : "",
    );
  }
}

export function assertFieldName(field: unknown, what = "Each field"): asserts field is string {
  if (typeof field !== "string" || !FIELD_NAME.test(field)) {
    throw refuse(`${what} must be a field API name such as "Last_Name"`, field);
  }
}

export function assertPositiveInteger(
  value: unknown,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
  min = 1,
): asserts value is number | undefined {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
  ) {
    const range = max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `of at least ${min}`;
    throw refuse(`${name} must be an integer ${range}`, value);
  }
}

export function assertOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as T)) throw refuse(`${name} must be one of ${allowed.join(", ")}`, value);
}

export function assertBoolean(value: unknown, name: string): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw refuse(`${name} must be true or false`, value);
}

/** Options objects: undefined or a plain object (a string or array passed by mistake is refused). */
export function assertOptions(value: unknown, what: string): void {
  if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
    throw refuse(`${what} must be an object`, value);
  }
}

/** Related-list API names (`api_name` of settings/related_lists): the same rule as module names. */
export function assertRelatedList(name: unknown): asserts name is string {
  if (typeof name !== "string" || !MODULE_NAME.test(name)) {
    throw refuse(
      'The related list must be a related-list API name such as "Contacts" or "Products" (letters, digits, _; ' +
        "case-sensitive; settings.relatedLists(module) lists them)",
      name,
    );
  }
}

/** Ids of a batch: a non-empty array of Zoho ids, none twice (each id's result is told apart by the id). */
export function assertIdList(ids: unknown, what: string): asserts ids is readonly string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw refuse(`${what} takes a non-empty array of ids`, ids);
  }
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    assertRecordId(id, `${what}: id ${index}`);
    if (seen.has(id)) {
      throw refuse(`${what}: id ${index} repeats an earlier id; give each id once`, id);
    }
    seen.add(id);
  }
}
