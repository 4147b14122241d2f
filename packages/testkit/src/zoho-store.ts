/**
 * State of the fake Zoho server: records per module and the write endpoints (create, update, upsert, delete)
 * with Zoho's limits, per-item results and status codes (201/200, 207 for a mix, 400 when all fail).
 */

export type FakeRecord = { id: string } & Record<string, unknown>;
export type App = "crm" | "bigin";

/** What a handler answers: a status and a JSON body (no body: an empty response). */
export interface Reply {
  status: number;
  body?: unknown;
}

export function zohoError(status: number, code: string, message: string, details: object = {}): Reply {
  return { status, body: { code, details, message, status: "error" } };
}

export const FAKE_USER = { name: "Fake User", id: "5725767000000411001", email: "fake.user@example.com" };
const FAKE_USER_REF = { name: FAKE_USER.name, id: FAKE_USER.id };

export const MAX_WRITE_ITEMS = 100;
const MAX_SEED = 1_000_000;
const FIRST_ID = 5725767000001000000n;
const SEED_EPOCH = Date.UTC(2026, 0, 1);
const SYSTEM_FIELDS = new Set(["id", "Created_Time", "Modified_Time", "Created_By", "Modified_By"]);
const TRIGGERS = new Set(["workflow", "approval", "blueprint"]);
const INVALID_MARKER = "__invalid__";

const DEFAULT_MODULES: Record<App, string[]> = {
  crm: ["Leads", "Contacts", "Accounts", "Deals", "Tasks", "Calls", "Events", "Products", "Notes"],
  bigin: ["Contacts", "Accounts", "Pipelines", "Products", "Tasks", "Events", "Calls", "Notes"],
};

const MANDATORY: Record<App, Record<string, string[]>> = {
  crm: {
    Leads: ["Last_Name"],
    Contacts: ["Last_Name"],
    Accounts: ["Account_Name"],
    Deals: ["Deal_Name", "Stage"],
    Tasks: ["Subject"],
    Calls: ["Subject", "Call_Type", "Call_Start_Time", "Call_Duration"],
    Events: ["Event_Title", "Start_DateTime", "End_DateTime"],
  },
  bigin: {
    Contacts: ["Last_Name"],
    Accounts: ["Account_Name"],
    Pipelines: ["Deal_Name", "Stage"],
    Products: ["Product_Name"],
  },
};

const DUPLICATE_CHECK: Record<string, string[]> = {
  Leads: ["Email"],
  Contacts: ["Email"],
  Accounts: ["Account_Name"],
  Deals: ["Deal_Name"],
  Pipelines: ["Deal_Name"],
  Products: ["Product_Name"],
};

/** Zoho's datetime format, in UTC: 2026-05-14T12:51:54+00:00. */
export function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** Orders digit-string ids numerically (as BigInt would) without allocating. */
export function compareIds(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

interface ModuleData {
  list: FakeRecord[];
  byId: Map<string, FakeRecord>;
  sortCache: Map<string, FakeRecord[]>;
}

type ItemResult = Record<string, unknown> & { status: "success" | "error" };

function itemError(code: string, message: string, details: object): ItemResult {
  return { code, details, message, status: "error" };
}

function successDetails(record: FakeRecord): Record<string, unknown> {
  return {
    Modified_Time: record.Modified_Time,
    Modified_By: FAKE_USER_REF,
    Created_Time: record.Created_Time,
    id: record.id,
    Created_By: FAKE_USER_REF,
  };
}

/** 201/200 when all succeed, 400 when all fail, 207 for a mix. */
function batchReply(results: ItemResult[], okStatus: number): Reply {
  const ok = results.filter((r) => r.status === "success").length;
  const status = ok === results.length ? okStatus : ok === 0 ? 400 : 207;
  return { status, body: { data: results } };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

export class ZohoStore {
  private readonly modules = new Map<string, ModuleData>();
  private nextId = FIRST_ID;

  constructor(readonly app: App) {
    for (const name of DEFAULT_MODULES[app]) this.ensureModule(name);
  }

  hasModule(name: string): boolean {
    return this.modules.has(name);
  }

  /** The live array of a module's records, in insertion order (treat it as read-only). */
  records(name: string): FakeRecord[] {
    return this.modules.get(name)?.list ?? [];
  }

  getRecord(name: string, id: string): FakeRecord | undefined {
    return this.modules.get(name)?.byId.get(id);
  }

  /** Records sorted by a key (id, Created_Time, Modified_Time), cached until the next write. */
  sorted(name: string, sortBy: string, order: "asc" | "desc"): FakeRecord[] {
    const data = this.modules.get(name);
    if (!data) return [];
    const key = `${sortBy}:${order}`;
    let sorted = data.sortCache.get(key);
    if (!sorted) {
      const sign = order === "asc" ? 1 : -1;
      sorted = [...data.list].sort((a, b) => {
        if (sortBy !== "id") {
          const x = String(a[sortBy] ?? "");
          const y = String(b[sortBy] ?? "");
          if (x !== y) return (x < y ? -1 : 1) * sign;
        }
        return compareIds(a.id, b.id) * sign;
      });
      data.sortCache.set(key, sorted);
    }
    return sorted;
  }

  private ensureModule(name: string): ModuleData {
    let data = this.modules.get(name);
    if (!data) {
      data = { list: [], byId: new Map(), sortCache: new Map() };
      this.modules.set(name, data);
    }
    return data;
  }

  private insert(data: ModuleData, record: FakeRecord): void {
    data.list.push(record);
    data.byId.set(record.id, record);
    data.sortCache.clear();
  }

  private newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  /** Adds initial records (copied); ids must be unique strings of digits. */
  addRecords(name: string, records: readonly FakeRecord[]): void {
    const data = this.ensureModule(name);
    for (const record of records) {
      if (typeof record.id !== "string" || !/^\d+$/.test(record.id)) {
        throw new TypeError(`${name}: record id must be a string of digits, got ${String(record.id)}`);
      }
      if (data.byId.has(record.id)) throw new TypeError(`${name}: duplicate record id ${record.id}`);
      this.insert(data, { ...record });
      const id = BigInt(record.id);
      if (id > this.nextId) this.nextId = id;
    }
  }

  /** Generates `count` records {id, Last_Name, Email, Created_Time, Modified_Time, Owner}. */
  seed(name: string, count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > MAX_SEED) {
      throw new RangeError(`seed count must be an integer within 0..${MAX_SEED}, got ${count}`);
    }
    const data = this.ensureModule(name);
    const start = data.list.length;
    for (let i = 1; i <= count; i++) {
      const n = start + i;
      const time = zohoTime(SEED_EPOCH + n * 1000);
      this.insert(data, {
        id: this.newId(),
        Last_Name: `Seed ${n}`,
        Email: `seed${n}@example.com`,
        Created_Time: time,
        Modified_Time: time,
        Owner: { ...FAKE_USER },
      });
    }
  }

  private invalidModule(wrapped: boolean): Reply {
    const error = zohoError(400, "INVALID_MODULE", "the module name given seems to be invalid", {
      resource_path_index: 0,
    });
    return wrapped ? { status: 400, body: { data: [error.body] } } : error;
  }

  /** The `data` array of a write body, or the request-level error. */
  private writeItems(body: unknown): unknown[] | Reply {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.length === 0) {
      return zohoError(400, "MANDATORY_NOT_FOUND", "required field not found", {
        api_name: "data",
        json_path: "$.data",
      });
    }
    if (data.length > MAX_WRITE_ITEMS) {
      return zohoError(400, "LIMIT_EXCEEDED", "limit exceeded", {
        limit: MAX_WRITE_ITEMS,
        api_name: "data",
        json_path: "$.data",
      });
    }
    const trigger = (body as { trigger?: unknown }).trigger;
    if (
      trigger !== undefined &&
      (!Array.isArray(trigger) || !trigger.every((t) => typeof t === "string" && TRIGGERS.has(t)))
    ) {
      return zohoError(400, "INVALID_DATA", "invalid data", { api_name: "trigger", json_path: "$.trigger" });
    }
    return data;
  }

  /** Per-item validation shared by every write: an object, and no "__invalid__" value. */
  private checkItem(item: unknown, index: number): ItemResult | undefined {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      return itemError("INVALID_DATA", "invalid data", { api_name: "data", json_path: `$.data[${index}]` });
    }
    for (const [key, value] of Object.entries(item)) {
      if (value === INVALID_MARKER) {
        return itemError("INVALID_DATA", "invalid data", {
          expected_data_type: "text",
          api_name: key,
          json_path: `$.data[${index}].${key}`,
        });
      }
    }
    return undefined;
  }

  private checkMandatory(name: string, item: Record<string, unknown>, index: number): ItemResult | undefined {
    for (const field of MANDATORY[this.app][name] ?? []) {
      if (isEmpty(item[field])) {
        return itemError("MANDATORY_NOT_FOUND", "required field not found", {
          api_name: field,
          json_path: `$.data[${index}].${field}`,
        });
      }
    }
    return undefined;
  }

  private userFields(item: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(item).filter(([key]) => !SYSTEM_FIELDS.has(key)));
  }

  private createOne(data: ModuleData, item: Record<string, unknown>): FakeRecord {
    const now = zohoTime(Date.now());
    const record: FakeRecord = {
      Owner: { ...FAKE_USER },
      ...this.userFields(item),
      id: this.newId(),
      Created_Time: now,
      Modified_Time: now,
      Created_By: { ...FAKE_USER },
      Modified_By: { ...FAKE_USER },
    };
    this.insert(data, record);
    return record;
  }

  private updateOne(data: ModuleData, record: FakeRecord, item: Record<string, unknown>): void {
    Object.assign(record, this.userFields(item), {
      Modified_Time: zohoTime(Date.now()),
      Modified_By: { ...FAKE_USER },
    });
    data.sortCache.clear();
  }

  create(name: string, body: unknown): Reply {
    const data = this.modules.get(name);
    if (!data) return this.invalidModule(true);
    const items = this.writeItems(body);
    if (!Array.isArray(items)) return items;
    const results = items.map((item, i): ItemResult => {
      const error = this.checkItem(item, i) ?? this.checkMandatory(name, item as Record<string, unknown>, i);
      if (error) return error;
      const record = this.createOne(data, item as Record<string, unknown>);
      return { code: "SUCCESS", details: successDetails(record), message: "record added", status: "success" };
    });
    return batchReply(results, 201);
  }

  /** PUT /{module} (each item has an id) or PUT /{module}/{id} (pathId applies to items without one). */
  update(name: string, body: unknown, pathId?: string): Reply {
    const data = this.modules.get(name);
    if (!data) return this.invalidModule(true);
    const items = this.writeItems(body);
    if (!Array.isArray(items)) return items;
    const results = items.map((item, i): ItemResult => {
      const error = this.checkItem(item, i);
      if (error) return error;
      const fields = item as Record<string, unknown>;
      const id = fields.id ?? pathId;
      if (isEmpty(id)) {
        return itemError("MANDATORY_NOT_FOUND", "required field not found", {
          api_name: "id",
          json_path: `$.data[${i}].id`,
        });
      }
      const record = typeof id === "string" ? data.byId.get(id) : undefined;
      if (!record) {
        return itemError("INVALID_DATA", "the related id given seems to be invalid", {
          api_name: "id",
          json_path: `$.data[${i}].id`,
        });
      }
      this.updateOne(data, record, fields);
      return {
        code: "SUCCESS",
        details: successDetails(record),
        message: "record updated",
        status: "success",
      };
    });
    return batchReply(results, 200);
  }

  upsert(name: string, body: unknown): Reply {
    const data = this.modules.get(name);
    if (!data) return this.invalidModule(true);
    const items = this.writeItems(body);
    if (!Array.isArray(items)) return items;
    const requested = (body as { duplicate_check_fields?: unknown }).duplicate_check_fields;
    if (
      requested !== undefined &&
      (!Array.isArray(requested) || !requested.every((f) => typeof f === "string"))
    ) {
      return zohoError(400, "INVALID_DATA", "invalid data", {
        api_name: "duplicate_check_fields",
        json_path: "$.duplicate_check_fields",
      });
    }
    const checkFields: string[] = requested?.length ? requested : (DUPLICATE_CHECK[name] ?? ["Name"]);
    const results = items.map((item, i): ItemResult => {
      const error = this.checkItem(item, i);
      if (error) return error;
      const fields = item as Record<string, unknown>;
      for (const field of checkFields) {
        const value = fields[field];
        if (isEmpty(value)) continue;
        const match = data.list.find((record) => sameValue(record[field], value));
        if (!match) continue;
        this.updateOne(data, match, fields);
        return {
          code: "SUCCESS",
          duplicate_field: field,
          action: "update",
          details: successDetails(match),
          message: "record updated",
          status: "success",
        };
      }
      const missing = this.checkMandatory(name, fields, i);
      if (missing) return missing;
      const record = this.createOne(data, fields);
      return {
        code: "SUCCESS",
        duplicate_field: null,
        action: "insert",
        details: successDetails(record),
        message: "record added",
        status: "success",
      };
    });
    return batchReply(results, 200);
  }

  /** DELETE /{module}?ids=a,b (or /{module}/{id}). */
  remove(name: string, idsParam: string | undefined, wfTrigger: string | undefined): Reply {
    const data = this.modules.get(name);
    if (!data) return this.invalidModule(false);
    const ids = (idsParam ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (ids.length === 0) {
      return zohoError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param_name: "ids",
      });
    }
    if (ids.length > MAX_WRITE_ITEMS) {
      return zohoError(400, "LIMIT_EXCEEDED", "limit exceeded", {
        limit: MAX_WRITE_ITEMS,
        param_name: "ids",
      });
    }
    if (wfTrigger !== undefined && wfTrigger !== "true" && wfTrigger !== "false") {
      return zohoError(400, "INVALID_DATA", "invalid data", { param_name: "wf_trigger" });
    }
    const removed = new Set<string>();
    const results = ids.map((id, i): ItemResult => {
      if (removed.has(id) || !data.byId.has(id)) {
        return itemError("INVALID_DATA", "record not deleted", {
          id,
          api_name: "id",
          json_path: `$.ids[${i}]`,
        });
      }
      removed.add(id);
      data.byId.delete(id);
      return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" };
    });
    if (removed.size > 0) {
      // Compact in place so that records() stays the same live array.
      let kept = 0;
      for (const record of data.list) if (!removed.has(record.id)) data.list[kept++] = record;
      data.list.length = kept;
      data.sortCache.clear();
    }
    return batchReply(results, 200);
  }
}
