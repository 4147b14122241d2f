/**
 * Read endpoints of the fake Zoho server: list with page / page_token paging, get by id, search, count.
 */

import { createHash, createHmac, randomBytes } from "node:crypto";
import {
  type CriteriaNode,
  CriteriaSyntaxError,
  criteriaConditions,
  matchesCriteria,
  parseCriteria,
} from "./criteria-parse.js";
import { type FakeRecord, type Reply, type ZohoStore, zohoError, zohoTime } from "./zoho-store.js";

export type Query = Record<string, string>;

const MAX_FIELDS = 50;
const MAX_PER_PAGE = 200;
const DISCRETE_LIMIT = 2000;
const TOKEN_LIMIT = 100_000;
const SEARCH_LIMIT = 2000;
const MAX_IN_VALUES = 100;
const SORT_FIELDS = ["id", "Created_Time", "Modified_Time"];
const SEARCH_PARAMS = ["criteria", "email", "phone", "word"] as const;

export interface ReadOptions {
  requirePipelineId: boolean;
  tokenTtlMs: number;
  maxCriteria: number;
}

interface TokenPayload {
  /** offset */
  o: number;
  /** hash of the bound parameters */
  b: string;
  /** expiry, ms */
  e: number;
  /** generation: expireAllTokens() bumps the current one */
  g: number;
}

function invalidModule(): Reply {
  return zohoError(400, "INVALID_MODULE", "the module name given seems to be invalid", {
    resource_path_index: 0,
  });
}

function invalidParam(param: string, extra: object = {}): Reply {
  return zohoError(400, "INVALID_DATA", "invalid data", { param_name: param, ...extra });
}

/** `fields` split, trimmed and de-duplicated; required unless optional. */
function parseFields(query: Query, optional: boolean): string[] | Reply | undefined {
  const raw = query.fields?.trim();
  if (!raw) {
    if (optional) return undefined;
    return zohoError(400, "REQUIRED_PARAM_MISSING", "required param is missing", { param_name: "fields" });
  }
  const fields = [
    ...new Set(
      raw
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== ""),
    ),
  ];
  if (fields.length > MAX_FIELDS) {
    return zohoError(400, "LIMIT_EXCEEDED", "limit exceeded", { limit: MAX_FIELDS, param_name: "fields" });
  }
  return fields;
}

function parseCount(query: Query, name: string, fallback: number, max: number): number | Reply {
  const raw = query[name];
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) return invalidParam(name, { minimum: 1, maximum: max });
  return value;
}

function project(record: FakeRecord, fields: string[] | undefined): FakeRecord {
  if (!fields) return structuredClone(record);
  const out: FakeRecord = { id: record.id };
  for (const field of fields) if (field !== "id") out[field] = structuredClone(record[field] ?? null);
  return out;
}

function isReply(value: unknown): value is Reply {
  return typeof value === "object" && value !== null && "status" in value && !Array.isArray(value);
}

function textValues(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(textValues);
  if (value && typeof value === "object") return textValues((value as { name?: unknown }).name);
  return [];
}

const digits = (text: string) => text.replace(/\D/g, "");

export class ZohoReader {
  private readonly tokenKey = randomBytes(32);
  private generation = 0;

  constructor(
    private readonly store: ZohoStore,
    private readonly options: ReadOptions,
  ) {}

  /** Every page_token issued so far answers EXPIRED_VALUE from now on. */
  expireAllTokens(): void {
    this.generation++;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.tokenKey).update(body).digest("base64url").slice(0, 22);
  }

  private issueToken(offset: number, binding: string): { token: string; expiry: number } {
    const expiry = Date.now() + this.options.tokenTtlMs;
    const payload: TokenPayload = { o: offset, b: binding, e: expiry, g: this.generation };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return { token: `${body}.${this.sign(body)}`, expiry };
  }

  private readToken(token: string, binding: string): number | Reply {
    const [body = "", signature] = token.split(".");
    let payload: TokenPayload | undefined;
    if (signature && signature === this.sign(body)) {
      try {
        payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenPayload;
      } catch {
        payload = undefined;
      }
    }
    if (!payload || !Number.isInteger(payload.o)) return invalidParam("page_token");
    if (payload.g !== this.generation || Date.now() >= payload.e) {
      return zohoError(400, "EXPIRED_VALUE", "Page token expired", {
        api_name: "page_token",
        json_path: "$.query.page_token",
      });
    }
    if (payload.b !== binding) {
      return zohoError(
        400,
        "TOKEN_BOUND_DATA_MISMATCH",
        "The page_token given seems to be invalid or input param is added or altered or deleted",
        { param_name: "page_token" },
      );
    }
    return payload.o;
  }

  /** GET /{module}: `fields` required, page (up to 2,000 records) or page_token (up to 100,000). */
  list(module: string, query: Query): Reply {
    if (!this.store.hasModule(module)) return invalidModule();
    const fields = parseFields(query, false);
    if (isReply(fields)) return fields;
    const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
    if (isReply(perPage)) return perPage;
    const page = parseCount(query, "page", 1, 1_000_000);
    if (isReply(page)) return page;
    const sortBy = query.sort_by || "id";
    if (!SORT_FIELDS.includes(sortBy)) return invalidParam("sort_by", { supported_values: SORT_FIELDS });
    const sortOrder = query.sort_order || "asc";
    if (sortOrder !== "asc" && sortOrder !== "desc") {
      return invalidParam("sort_order", { supported_values: ["asc", "desc"] });
    }
    if (query.cvid !== undefined && !/^\d+$/.test(query.cvid)) return invalidParam("cvid");
    const pipelineCheck =
      this.store.app === "bigin" && module === "Pipelines" && this.options.requirePipelineId;
    if (pipelineCheck && !query.pipeline_id) {
      return zohoError(400, "REQUIRED_PARAM_MISSING", "required param is missing", {
        param_name: "pipeline_id",
      });
    }
    const binding = createHash("sha256")
      .update(
        JSON.stringify([
          module,
          [...fields!].sort(),
          perPage,
          sortBy,
          sortOrder,
          query.cvid,
          query.pipeline_id,
        ]),
      )
      .digest("base64url")
      .slice(0, 16);

    let offset: number;
    if (query.page_token !== undefined) {
      const fromToken = this.readToken(query.page_token, binding);
      if (isReply(fromToken)) return fromToken;
      offset = fromToken;
    } else {
      if (page * perPage > DISCRETE_LIMIT) {
        return zohoError(
          400,
          "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
          "You can only get the first 2000 records without using page_token param",
          { limit: DISCRETE_LIMIT },
        );
      }
      offset = (page - 1) * perPage;
    }
    if (offset >= TOKEN_LIMIT) {
      return zohoError(
        400,
        "PAGINATION_LIMIT_EXCEEDED",
        "You can only get upto 100000 records using page_token param",
        { param_name: "page_token" },
      );
    }

    const sorted = this.store.sorted(module, sortBy, sortOrder);
    const end = Math.min(offset + perPage, TOKEN_LIMIT, sorted.length);
    if (end <= offset) return { status: 204 };
    const moreRecords = end < sorted.length;
    const next = moreRecords ? this.issueToken(offset + perPage, binding) : undefined;
    const previous = offset > 0 ? this.issueToken(Math.max(0, offset - perPage), binding) : undefined;
    return {
      status: 200,
      body: {
        data: sorted.slice(offset, end).map((record) => project(record, fields)),
        info: {
          per_page: perPage,
          next_page_token: next?.token ?? null,
          count: end - offset,
          sort_by: sortBy,
          page: Math.floor(offset / perPage) + 1,
          previous_page_token: previous?.token ?? null,
          page_token_expiry: next ? zohoTime(next.expiry) : null,
          sort_order: sortOrder,
          more_records: moreRecords,
        },
      },
    };
  }

  /** GET /{module}/{id}: 200 {data: [record]} or 204. */
  getOne(module: string, id: string, query: Query): Reply {
    if (!this.store.hasModule(module)) return invalidModule();
    const fields = parseFields(query, true);
    if (isReply(fields)) return fields;
    const record = this.store.getRecord(module, id);
    return record ? { status: 200, body: { data: [project(record, fields)] } } : { status: 204 };
  }

  /** The record filter of criteria/email/phone/word (first present, in that order); undefined: none given. */
  private filter(query: Query): ((record: FakeRecord) => boolean) | Reply | undefined {
    const param = SEARCH_PARAMS.find((name) => query[name]);
    if (!param) return undefined;
    const value = query[param]!;
    if (param === "criteria") {
      let node: CriteriaNode;
      try {
        node = parseCriteria(value);
      } catch (error) {
        if (!(error instanceof CriteriaSyntaxError)) throw error;
        return zohoError(400, "INVALID_QUERY", "Invalid query formed", {
          reason: error.message,
          param_name: "criteria",
        });
      }
      const conditions = criteriaConditions(node);
      if (conditions.length > this.options.maxCriteria) {
        return zohoError(
          400,
          "CRITERIA_LIMIT_EXCEEDED",
          `no of criterium that can be given exceed the limit ${this.options.maxCriteria}`,
        );
      }
      const bigIn = conditions.find((c) => c.op === "in" && c.values.length > MAX_IN_VALUES);
      if (bigIn) {
        return zohoError(400, "INVALID_QUERY", 'Only 100 values are allowed in "IN" criteria', {
          api_name: bigIn.field,
        });
      }
      return (record) => matchesCriteria(node, record);
    }
    if (param === "email") {
      const wanted = value.toLowerCase();
      return (record) =>
        Object.entries(record).some(
          ([key, v]) => /email/i.test(key) && typeof v === "string" && v.toLowerCase() === wanted,
        );
    }
    if (param === "phone") {
      const wanted = digits(value) || value;
      return (record) =>
        Object.entries(record).some(
          ([key, v]) => /phone|mobile/i.test(key) && typeof v === "string" && (digits(v) || v) === wanted,
        );
    }
    if (value.trim().length < 2) {
      return zohoError(400, "INVALID_QUERY", "Invalid query formed", {
        reason: "word should have at least 2 characters",
        param_name: "word",
      });
    }
    const wanted = value.toLowerCase();
    return (record) =>
      Object.values(record).some((v) => textValues(v).some((text) => text.toLowerCase().includes(wanted)));
  }

  /** GET /{module}/search: sorted by id, paged by page/per_page, at most 2,000 records. */
  search(module: string, query: Query): Reply {
    if (!this.store.hasModule(module)) return invalidModule();
    const predicate = this.filter(query);
    if (predicate === undefined) {
      return zohoError(400, "EXPECTED_PARAM_MISSING", "one of the expected parameter is missing", {
        param_names: [...SEARCH_PARAMS],
      });
    }
    if (isReply(predicate)) return predicate;
    const fields = parseFields(query, true);
    if (isReply(fields)) return fields;
    const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
    if (isReply(perPage)) return perPage;
    const page = parseCount(query, "page", 1, 1_000_000);
    if (isReply(page)) return page;
    if (page * perPage > SEARCH_LIMIT) {
      return zohoError(400, "LIMIT_REACHED", "maximum response iteration limit reached", {
        limit: String(SEARCH_LIMIT),
      });
    }
    const matches = this.store.sorted(module, "id", "asc").filter(predicate);
    const offset = (page - 1) * perPage;
    const slice = matches.slice(offset, offset + perPage);
    if (slice.length === 0) return { status: 204 };
    return {
      status: 200,
      body: {
        data: slice.map((record) => project(record, fields)),
        info: {
          per_page: perPage,
          count: slice.length,
          page,
          more_records: offset + slice.length < matches.length,
        },
      },
    };
  }

  /** GET /{module}/actions/count, optionally filtered like search. */
  count(module: string, query: Query): Reply {
    if (!this.store.hasModule(module)) return invalidModule();
    const predicate = this.filter(query);
    if (isReply(predicate)) return predicate;
    const records = this.store.records(module);
    return { status: 200, body: { count: predicate ? records.filter(predicate).length : records.length } };
  }
}
