import { ApiError, ZohoKitError } from "../errors.js";
import { throwIfAborted } from "../records/paging.js";
import { assertFieldName, assertModule, assertPositiveInteger, refuse } from "../validate.js";
import {
  assertConditionCount,
  type CoqlCondition,
  combine,
  comparison,
  isCondition,
  trustedCondition,
} from "./condition.js";
import { type CoqlConfig, type CoqlContext, runCoql } from "./run.js";
import type { CoqlCriteria, CoqlIterateOptions, CoqlPage, CoqlQuery } from "./types.js";

export const MAX_COQL_FIELDS = 50;
export const MAX_COQL_ROWS = 2000;
export const MAX_COQL_OFFSET = 100_000;
const MAX_ORDER_FIELDS = 10;

type Loose = CoqlQuery<unknown, string, Record<string, unknown>>;

interface QueryState {
  module: string;
  fields: readonly string[];
  where?: CoqlCondition<unknown>;
  orders: readonly { field: string; direction: "asc" | "desc" }[];
  limit?: { count: number; offset: number };
}

/** A function that builds conditions: `w(field, op, ...values)`, `w.and(...)`, `w.or(...)`. */
export const whereBuilder = Object.assign(
  (field: unknown, operator: unknown, ...values: unknown[]) => comparison(field, operator, values),
  {
    and: (...parts: unknown[]) => combine("and", parts),
    or: (...parts: unknown[]) => combine("or", parts),
  },
);

/** The condition of a `where`/`criteria` argument, checked. */
export function resolveCriteria(criteria: CoqlCriteria<unknown, string> | unknown): CoqlCondition<unknown> {
  const condition =
    typeof criteria === "function" ? (criteria as (w: unknown) => unknown)(whereBuilder) : criteria;
  if (!isCondition(condition)) {
    throw refuse(
      'COQL criteria must be built with the where builder (`(w) => w("Last_Name", "=", "Smith")`)',
      condition === undefined ? "undefined" : condition,
    );
  }
  return condition;
}

export function selectList(fields: unknown, most = MAX_COQL_FIELDS): string[] {
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > most) {
    throw refuse(`A COQL select takes 1 to ${most} field API names`, fields);
  }
  for (const field of fields) assertFieldName(field, "Each selected field");
  return [...new Set(fields as string[])];
}

export function selectText(state: QueryState): string {
  let text = `select ${state.fields.join(", ")} from ${state.module}`;
  if (state.where) text += ` where ${state.where.text}`;
  if (state.orders.length)
    text += ` order by ${state.orders.map((o) => `${o.field} ${o.direction}`).join(", ")}`;
  if (state.limit) text += ` limit ${state.limit.offset}, ${state.limit.count}`;
  return text;
}

function and(a: CoqlCondition<unknown> | undefined, b: CoqlCondition<unknown>): CoqlCondition<unknown> {
  return a ? combine("and", [a, b]) : b;
}

export function createQuery(core: CoqlContext, config: CoqlConfig, module: unknown, fields: unknown): Loose {
  assertModule(module);
  return build(core, config, { module, fields: selectList(fields), orders: [] });
}

function build(core: CoqlContext, config: CoqlConfig, state: QueryState): Loose {
  const signals = (signal: AbortSignal | undefined) => [signal, core.options.signal];
  const query: Loose = {
    where(first: unknown, operator?: unknown, ...values: unknown[]) {
      const condition =
        typeof first === "string" ? comparison(first, operator, values) : resolveCriteria(first);
      return build(core, config, { ...state, where: and(state.where, condition) });
    },
    orderBy(field, direction = "asc") {
      assertFieldName(field, "The orderBy field");
      if (direction !== "asc" && direction !== "desc")
        throw refuse('orderBy takes "asc" or "desc"', direction);
      if (state.orders.length >= MAX_ORDER_FIELDS) {
        throw new ZohoKitError(`COQL sorts by at most ${MAX_ORDER_FIELDS} fields.`);
      }
      if (state.orders.some((o) => o.field === field)) throw refuse("orderBy: a field is given twice", field);
      return build(core, config, { ...state, orders: [...state.orders, { field, direction }] });
    },
    limit(count, offset = 0) {
      assertPositiveInteger(count, "The COQL limit", MAX_COQL_ROWS);
      assertPositiveInteger(offset, "The COQL offset", MAX_COQL_OFFSET, 0);
      if (offset + count > MAX_COQL_OFFSET) {
        throw new ZohoKitError(
          `COQL reads at most ${MAX_COQL_OFFSET} rows by offset (offset ${offset} + count ${count}): use iterate(), which pages by id.`,
        );
      }
      return build(core, config, { ...state, limit: { count, offset } });
    },
    toString: () => selectText(state),
    page(options = {}) {
      throwIfAborted(signals(options.signal), `POST ${config.path}`);
      return runCoql(core, config, selectText(state), options.signal) as never;
    },
    iterate(options: CoqlIterateOptions = {}) {
      const pageSize = options.pageSize ?? MAX_COQL_ROWS;
      assertPositiveInteger(pageSize, "pageSize", MAX_COQL_ROWS);
      assertPositiveInteger(options.limit, "limit");
      const [order, ...others] = state.orders;
      if (others.length > 0 || (order && order.field !== "id")) {
        throw new ZohoKitError(
          "iterate() pages by id (WHERE id > the last id read), so it reads in id order: remove orderBy (or order by id only), or use page() with limit(count, offset).",
        );
      }
      if (state.limit && state.limit.offset > 0) {
        throw new ZohoKitError(
          "iterate() reads from the first row: limit(count) caps the rows, without an offset.",
        );
      }
      assertConditionCount(state.where?.conditions ?? 0, 1);
      const cap = Math.min(
        options.limit ?? Number.POSITIVE_INFINITY,
        state.limit?.count ?? Number.POSITIVE_INFINITY,
      );
      return keyset(
        core,
        config,
        state,
        order?.direction ?? "asc",
        pageSize,
        cap,
        [options.signal, core.options.signal],
        options.signal,
      );
    },
  };
  return query;
}

/** Rows in id order, page after page, each page starting after the last id read. */
async function* keyset(
  core: CoqlContext,
  config: CoqlConfig,
  state: QueryState,
  direction: "asc" | "desc",
  pageSize: number,
  cap: number,
  signals: readonly (AbortSignal | undefined)[],
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const fields = state.fields.includes("id") ? state.fields : [...state.fields, "id"];
  const what = `POST ${config.path}`;
  let last: bigint | undefined;
  let yielded = 0;
  while (yielded < cap) {
    throwIfAborted(signals, what);
    const after =
      last === undefined ? undefined : trustedCondition(`id ${direction === "asc" ? ">" : "<"} ${last}`);
    const where = after ? (state.where ? combine("and", [state.where, after]) : after) : state.where;
    const count = Math.min(pageSize, cap - yielded);
    const text = selectText({
      ...state,
      fields,
      where,
      orders: [{ field: "id", direction }],
      limit: { count, offset: 0 },
    });
    const page: CoqlPage<Record<string, unknown>> = await runCoql(core, config, text, signal);
    for (const row of page.data) {
      const id = idOf(row, what);
      if (last !== undefined && (direction === "asc" ? id <= last : id >= last)) {
        throw new ApiError({
          status: 200,
          code: "PAGING_LOOP",
          method: "POST",
          path: config.path,
          message: `${what}: a row with id ${id} came after id ${last} in ${direction} order; the server does not page by id, stopping.`,
        });
      }
      last = id;
      throwIfAborted(signals, what);
      yield row;
      if (++yielded >= cap) return;
    }
    if (page.data.length < count || !page.info.more_records) return;
  }
}

export function idOf(row: Record<string, unknown>, what: string): bigint {
  const id = row.id;
  if (typeof id === "string" && /^[0-9]{1,30}$/.test(id)) return BigInt(id);
  throw new ApiError({
    status: 200,
    code: "INVALID_RESPONSE",
    method: "POST",
    path: what.replace(/^POST /, ""),
    message: `${what}: a row came without a Zoho id (${JSON.stringify(id)}), needed to page by id.`,
  });
}
