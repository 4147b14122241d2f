import type { Criteria } from "../criteria.js";
import { ZohoKitError } from "../errors.js";
import { assertFieldName, refuse } from "../validate.js";
import type { SortBy, SortOrder, Trigger } from "./types.js";

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  fields: readonly string[];
  page?: number;
  perPage?: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  cvid?: string;
  pageToken?: string;
}

export interface IterateOptions extends CallOptions {
  fields: readonly string[];
  perPage?: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  cvid?: string;
  /** Stop after this many records. */
  limit?: number;
}

export interface SearchOptions extends CallOptions {
  criteria?: Criteria | string;
  email?: string;
  phone?: string;
  word?: string;
  fields?: readonly string[];
  page?: number;
  perPage?: number;
}

export interface SearchAllOptions extends Omit<SearchOptions, "page"> {
  limit?: number;
}

export type CountOptions = Omit<SearchOptions, "fields" | "page" | "perPage">;

export interface WriteOptions extends CallOptions {
  /** Automations to run: `[]` runs none; leaving it out runs all. */
  trigger?: Trigger[];
}

export interface CreateOptions extends WriteOptions {
  /**
   * Send a create again after a failure that may already have reached Zoho (a 5xx, a lost connection). This can
   * create duplicates; prefer `upsert` with a duplicate-check field, which is safe to repeat.
   */
  retryUnsafe?: boolean;
}

export interface UpsertOptions extends WriteOptions {
  duplicateCheckFields?: string[];
}

export interface DeleteOptions extends CallOptions {
  /** Run workflows on delete; default true. */
  wfTrigger?: boolean;
}

export interface GetOptions extends CallOptions {
  fields?: readonly string[];
}

export const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const MAX_WRITE_BATCH = 100;
export const SORT_BY: readonly SortBy[] = ["id", "Created_Time", "Modified_Time"];
export const SORT_ORDER: readonly SortOrder[] = ["asc", "desc"];
export const TRIGGERS: readonly Trigger[] = ["workflow", "approval", "blueprint"];

/** Checks the `fields` of a read and returns them comma-separated. */
export function fieldsParam(fields: unknown, required: boolean, max = MAX_FIELDS): string | undefined {
  if (fields === undefined && !required) return undefined;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > max) {
    throw new ZohoKitError(
      `Zoho requires \`fields\`: 1 to ${max} field API names such as ["Last_Name", "Email"]; got ` +
        (Array.isArray(fields) && fields.length > 0
          ? `${fields.length}; it returns at most ${max} at once: split them over several calls.`
          : `${Array.isArray(fields) ? "none" : typeof fields}.`),
    );
  }
  for (const field of fields) assertFieldName(field);
  return [...new Set(fields as string[])].join(",");
}

export function assertBatch(inputs: unknown, what: string): asserts inputs is readonly unknown[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ZohoKitError(
      `${what} takes a non-empty array; got ${Array.isArray(inputs) ? "[], so nothing would be written" : inputs === null ? "null" : typeof inputs}.`,
    );
  }
}

export function assertRecordInputs(inputs: readonly unknown[], what: string): void {
  inputs.forEach((input, index) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw refuse(`${what}: item ${index} must be an object of field values`, input);
    }
  });
}

export function assertTrigger(trigger: unknown): void {
  if (trigger === undefined) return;
  if (!Array.isArray(trigger) || trigger.some((t) => !TRIGGERS.includes(t))) {
    throw refuse('trigger must be an array of "workflow", "approval", "blueprint" ([] runs none)', trigger);
  }
}
