/**
 * The records of the mock, per module: what a test seeds and inspects (`MockStore`), and the storage the record
 * routes read and write. Validation lives in validate.ts; this file only keeps records.
 */

import type { OrgModel } from "./org.js";
import { compareIds, isDigits, zohoTime } from "./values.js";

export type MockRecord = { id: string } & Record<string, unknown>;

/** A record deleted through the API, as GET /{module}/deleted lists it. */
export interface MockDeletion {
  id: string;
  display_name: string | null;
  type: "recycle" | "permanent";
  deleted_time: string;
  deleted_by: { name: string; id: string } | null;
  created_by: { name: string; id: string } | null;
}

/** The records of a running mock, for a test to seed and inspect. */
export interface MockStore {
  /** Modules that have records (in the order they got their first). */
  modules(): string[];
  /** The module's records in insertion order: a live, read-only view (copy it to keep a snapshot). */
  records(module: string): readonly MockRecord[];
  /** One record, or undefined. */
  get(module: string, id: string): MockRecord | undefined;
  /**
   * Adds records as given (copied; no validation, no system fields added). A record without an id gets a new one;
   * ids are strings of digits, unique per module. With an org, the module must be one of the org's.
   */
  add(module: string, records: readonly Record<string, unknown>[]): MockRecord[];
  /**
   * Adds `count` generated records: Last_Name, Email, Created_Time, Modified_Time and Owner (with an org: those of
   * them the module has, and a value for each required field).
   */
  generate(module: string, count: number): void;
  /** Removes every record of the module, or of every module (nothing is logged as deleted). */
  clear(module?: string): void;
  /** The module's records deleted through the API, oldest first (GET /{module}/deleted lists them newest first). */
  deleted(module: string): readonly MockDeletion[];
}

interface ModuleData {
  list: MockRecord[];
  byId: Map<string, MockRecord>;
  sortCache: Map<string, MockRecord[]>;
}

const MAX_GENERATE = 1_000_000;
const FIRST_ID = 5725767000001000000n;
const GENERATE_EPOCH = Date.UTC(2026, 0, 1);

/** A value of a generated record for a required field, by data type. */
function generatedValue(
  dataType: string,
  picklist: ReadonlySet<string> | undefined,
  apiName: string,
  n: number,
) {
  if (picklist) return [...picklist].find((v) => v !== "-None-") ?? null;
  switch (dataType) {
    case "integer":
    case "double":
    case "currency":
    case "decimal":
    case "percent":
      return n;
    case "boolean":
      return false;
    case "date":
      return zohoTime(GENERATE_EPOCH + n * 86_400_000).slice(0, 10);
    case "datetime":
      return zohoTime(GENERATE_EPOCH + n * 1000);
    case "email":
      return `generated${n}@example.com`;
    default:
      return `${apiName.replace(/_/g, " ")} ${n}`;
  }
}

/** The name Zoho shows for a record: its name field, or its first and last name. */
export function displayName(record: MockRecord): string | null {
  for (const key of ["Full_Name", "Account_Name", "Deal_Name", "Product_Name", "Subject", "Name"]) {
    if (typeof record[key] === "string") return record[key] as string;
  }
  const name = [record.First_Name, record.Last_Name].filter((part) => typeof part === "string").join(" ");
  return name === "" ? null : name;
}

export class RecordStore implements MockStore {
  private readonly data = new Map<string, ModuleData>();
  private readonly deletions = new Map<string, MockDeletion[]>();
  private nextId = FIRST_ID;

  constructor(private org: OrgModel) {}

  /** The org changed (setOrg): checks from now on use the new one; records stay. */
  useOrg(org: OrgModel): void {
    this.org = org;
  }

  modules(): string[] {
    return [...this.data.entries()].filter(([, d]) => d.list.length > 0).map(([name]) => name);
  }

  records(module: string): readonly MockRecord[] {
    return this.data.get(module)?.list ?? [];
  }

  get(module: string, id: string): MockRecord | undefined {
    return this.data.get(module)?.byId.get(id);
  }

  /** Records sorted by a key (id, Created_Time, Modified_Time), cached until the next write. */
  sorted(module: string, sortBy: string, order: "asc" | "desc"): readonly MockRecord[] {
    const data = this.data.get(module);
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

  private module(name: string): ModuleData {
    let data = this.data.get(name);
    if (!data) {
      if (this.org.strict && !this.org.module(name)) {
        throw new TypeError(
          `${name} is not a module of the mock's org (module API names are case-sensitive).`,
        );
      }
      if (!this.org.strict) this.org.addModule(name);
      data = { list: [], byId: new Map(), sortCache: new Map() };
      this.data.set(name, data);
    }
    return data;
  }

  newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }

  /** Stores a new record (the handlers give it its id and system fields). */
  insert(module: string, record: MockRecord): void {
    const data = this.module(module);
    data.list.push(record);
    data.byId.set(record.id, record);
    data.sortCache.clear();
  }

  /** Applies changes to a stored record. */
  change(module: string, record: MockRecord, fields: Record<string, unknown>): void {
    Object.assign(record, fields);
    this.data.get(module)?.sortCache.clear();
  }

  /** Removes records by id; with `by`, logs them as deleted (to the recycle bin) by that user, now. */
  remove(module: string, ids: ReadonlySet<string>, by?: { name: string; id: string }): void {
    const data = this.data.get(module);
    if (!data || ids.size === 0) return;
    const now = zohoTime(Date.now());
    for (const id of ids) {
      const record = data.byId.get(id);
      data.byId.delete(id);
      if (!record || !by) continue;
      const log = this.deletions.get(module) ?? [];
      const creator = record.Created_By as { name?: unknown; id?: unknown } | undefined;
      log.push({
        id,
        display_name: displayName(record),
        type: "recycle",
        deleted_time: now,
        deleted_by: { ...by },
        created_by:
          typeof creator?.id === "string"
            ? { name: typeof creator.name === "string" ? creator.name : by.name, id: creator.id }
            : null,
      });
      this.deletions.set(module, log);
    }
    // Compact in place so that records() stays the same live array.
    let kept = 0;
    for (const record of data.list) if (!ids.has(record.id)) data.list[kept++] = record;
    data.list.length = kept;
    data.sortCache.clear();
  }

  add(module: string, records: readonly Record<string, unknown>[]): MockRecord[] {
    const data = this.module(module);
    const added: MockRecord[] = [];
    for (const input of records) {
      const id = input.id ?? this.newId();
      if (!isDigits(id))
        throw new TypeError(`${module}: a record id must be a string of digits, got ${String(id)}`);
      if (data.byId.has(id)) throw new TypeError(`${module}: duplicate record id ${id}`);
      const record: MockRecord = { ...input, id };
      this.insert(module, record);
      added.push(record);
      const numeric = BigInt(id);
      if (numeric > this.nextId) this.nextId = numeric;
    }
    return added;
  }

  generate(module: string, count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > MAX_GENERATE) {
      throw new RangeError(`generate: count must be a whole number within 0..${MAX_GENERATE}, got ${count}`);
    }
    const data = this.module(module);
    const model = this.org.strict ? this.org.module(module) : undefined;
    const owner = this.org.currentUser();
    const start = data.list.length;
    for (let i = 1; i <= count; i++) {
      const n = start + i;
      const time = zohoTime(GENERATE_EPOCH + n * 1000);
      const record: MockRecord = { id: this.newId() };
      if (!model || model.fields.has("Last_Name")) record.Last_Name = `Seed ${n}`;
      if (!model || model.fields.has("Email")) record.Email = `seed${n}@example.com`;
      Object.assign(record, { Created_Time: time, Modified_Time: time, Owner: { ...owner } });
      for (const name of model?.mandatory ?? []) {
        const field = model!.fields.get(name)!;
        if (record[name] === undefined)
          record[name] = generatedValue(field.dataType, field.picklist, name, n);
      }
      this.insert(module, record);
    }
  }

  deleted(module: string): readonly MockDeletion[] {
    return this.deletions.get(module) ?? [];
  }

  clear(module?: string): void {
    for (const [name, data] of this.data) {
      if (module !== undefined && name !== module) continue;
      data.list.length = 0;
      data.byId.clear();
      data.sortCache.clear();
    }
  }
}
