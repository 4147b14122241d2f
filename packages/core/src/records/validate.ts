import { ZohoKitError } from "../errors.js";

const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_NAME = /^[A-Za-z0-9_$.]+$/;
const RECORD_ID = /^[0-9]{1,30}$/;

export const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const MAX_WRITE_BATCH = 100;

export function assertModule(module: unknown): asserts module is string {
  if (typeof module !== "string" || !MODULE_NAME.test(module)) {
    throw new ZohoKitError(
      `The module must be a module API name such as "Leads" or "Deals" (letters, digits and _, case-sensitive); got ${JSON.stringify(module)}.`,
    );
  }
}

export function assertRecordId(id: unknown, what = "The record id"): asserts id is string {
  if (typeof id !== "string" || !RECORD_ID.test(id)) {
    throw new ZohoKitError(
      `${what} must be a Zoho id: a string of digits such as "5725767000000524157"; got ${JSON.stringify(id)}.` +
        (typeof id === "number" ? " Ids exceed Number's precision: keep them as strings." : ""),
    );
  }
}

/** Checks the `fields` of a list or search and returns them comma-separated. */
export function fieldsParam(fields: unknown, required: boolean): string | undefined {
  if (fields === undefined && !required) return undefined;
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new ZohoKitError(
      `Zoho requires \`fields\`: the field API names to return (1 to ${MAX_FIELDS}), e.g. { fields: ["Last_Name", "Email"] }.`,
    );
  }
  if (fields.length > MAX_FIELDS) {
    throw new ZohoKitError(
      `Zoho returns at most ${MAX_FIELDS} fields per request; ${fields.length} were asked for. Split them over two calls.`,
    );
  }
  for (const field of fields) {
    if (typeof field !== "string" || !FIELD_NAME.test(field)) {
      throw new ZohoKitError(
        `Each field must be a field API name such as "Last_Name"; got ${JSON.stringify(field)}.`,
      );
    }
  }
  return [...new Set(fields as string[])].join(",");
}

export function assertPositiveInteger(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ZohoKitError(`${name} must be an integer from 1 to ${max}; got ${JSON.stringify(value)}.`);
  }
}

export function assertOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): void {
  if (value === undefined) return;
  if (!allowed.includes(value as T)) {
    throw new ZohoKitError(`${name} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}.`);
  }
}

export function assertBatch(inputs: unknown, what: string): asserts inputs is readonly unknown[] {
  if (!Array.isArray(inputs)) {
    throw new ZohoKitError(`${what} takes an array; got ${inputs === null ? "null" : typeof inputs}.`);
  }
  if (inputs.length === 0) {
    throw new ZohoKitError(
      `${what} needs at least one item: the array is empty, so nothing would be written.`,
    );
  }
}

export function assertRecordInputs(inputs: readonly unknown[], what: string, needsId: boolean): void {
  inputs.forEach((input, index) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new ZohoKitError(
        `${what}: item ${index} must be an object of field values; got ${JSON.stringify(input)}.`,
      );
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
    throw new ZohoKitError(
      `trigger must be an array of "workflow", "approval" and "blueprint" ([] runs none); got ${JSON.stringify(trigger)}.`,
    );
  }
}
