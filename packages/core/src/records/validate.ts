import { ZohoKitError } from "../errors.js";

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_NAME = /^[A-Za-z0-9_$.]+$/;
const RECORD_ID = /^[0-9]{1,30}$/;

export const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const MAX_WRITE_BATCH = 100;

/** A ZohoKitError that ends with the value it refuses. */
export function refuse(message: string, value: unknown, advice = ""): ZohoKitError {
  return new ZohoKitError(`${message}; got ${JSON.stringify(value)}.${advice}`);
}

export function assertModule(module: unknown): asserts module is string {
  if (typeof module !== "string" || !MODULE_NAME.test(module)) {
    throw refuse(
      'The module must be a module API name such as "Leads" (letters, digits, _; case-sensitive)',
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

/** Checks the `fields` of a list or search and returns them comma-separated. */
export function fieldsParam(fields: unknown, required: boolean): string | undefined {
  if (fields === undefined && !required) return undefined;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > MAX_FIELDS) {
    throw new ZohoKitError(
      `Zoho requires \`fields\`: 1 to ${MAX_FIELDS} field API names such as ["Last_Name", "Email"]; got ` +
        (Array.isArray(fields) && fields.length > 0
          ? `${fields.length}; it returns at most ${MAX_FIELDS} at once: split them over several calls.`
          : `${Array.isArray(fields) ? "none" : typeof fields}.`),
    );
  }
  for (const field of fields) {
    if (typeof field !== "string" || !FIELD_NAME.test(field)) {
      throw refuse('Each field must be a field API name such as "Last_Name"', field);
    }
  }
  return [...new Set(fields as string[])].join(",");
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
  if (!allowed.includes(value as T)) {
    throw refuse(`${name} must be one of ${allowed.join(", ")}`, value);
  }
}

export function assertBatch(inputs: unknown, what: string): asserts inputs is readonly unknown[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ZohoKitError(
      `${what} takes a non-empty array; got ${Array.isArray(inputs) ? "[], so nothing would be written" : inputs === null ? "null" : typeof inputs}.`,
    );
  }
}

export function assertRecordInputs(inputs: readonly unknown[], what: string, needsId: boolean): void {
  inputs.forEach((input, index) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw refuse(`${what}: item ${index} must be an object of field values`, input);
    }
    if (needsId) assertRecordId((input as { id?: unknown }).id, `${what}: item ${index}'s id`);
  });
}

export function assertTrigger(trigger: unknown): void {
  if (trigger === undefined) return;
  if (
    !Array.isArray(trigger) ||
    trigger.some((t) => t !== "workflow" && t !== "approval" && t !== "blueprint")
  ) {
    throw refuse('trigger must be an array of "workflow", "approval", "blueprint" ([] runs none)', trigger);
  }
}
