/** Helpers the record routes share: the module of a request, and the common query parameters. */

import {
  invalidModule,
  invalidParam,
  paramLimitExceeded,
  type Reply,
  requiredParamMissing,
} from "../errors.js";
import type { ModuleModel } from "../org.js";
import type { GatewayState, Query } from "../router.js";
import type { MockRecord } from "../store.js";

export const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const MAX_WRITE_ITEMS = 100;

/** The module's model, when the module exists: the org's (with an org), or a standard or seeded one. */
export function findModule(state: GatewayState, name: string): ModuleModel | undefined {
  if (!state.org.strict && !state.org.standardModules().includes(name)) return undefined;
  return state.org.module(name);
}

/** The module of a record route, or INVALID_MODULE. */
export function moduleOrError(state: GatewayState, name: string): ModuleModel | Reply {
  return findModule(state, name) ?? invalidModule();
}

/** `fields` split, trimmed and de-duplicated; required unless optional; at most 50. */
export function parseFields(query: Query, optional: boolean): string[] | Reply | undefined {
  const raw = query.fields?.trim();
  if (!raw) return optional ? undefined : requiredParamMissing("fields");
  const fields = [
    ...new Set(
      raw
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== ""),
    ),
  ];
  if (fields.length > MAX_FIELDS) return paramLimitExceeded("fields", MAX_FIELDS);
  return fields;
}

/** A whole-number query parameter within 1..max (page, per_page). */
export function parseCount(query: Query, name: string, fallback: number, max: number): number | Reply {
  const raw = query[name];
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) return invalidParam(name, { minimum: 1, maximum: max });
  return value;
}

/** A copy of the record with only `fields` (and id); all of it without `fields`. */
export function project(record: MockRecord, fields: readonly string[] | undefined): MockRecord {
  if (!fields) return structuredClone(record);
  const out: MockRecord = { id: record.id };
  for (const field of fields) if (field !== "id") out[field] = structuredClone(record[field] ?? null);
  return out;
}
