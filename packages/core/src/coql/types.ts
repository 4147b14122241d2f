import type { CriteriaFieldsOf, FieldOf, FieldsOf, SelectedRecord } from "../records/org.js";
import type { CoqlCondition, CoqlOperator } from "./condition.js";
import type { CoqlScalar } from "./value.js";

/** What a COQL query may select and filter on: a field, id, or a lookup's field by dotted name (Owner.name). */
export type CoqlField<O, M> = FieldOf<O, M> | "id" | `${FieldOf<O, M>}.${string}`;

type IsLoose<O, M> = string extends FieldOf<O, M> ? true : false;

/** The type a field holds (lookups' fields through their dotted names), without null; unknown when not declared. */
export type CoqlFieldType<O, M, F> = F extends "id"
  ? string
  : F extends keyof FieldsOf<O, M>
    ? NonNullable<FieldsOf<O, M>[F]>
    : F extends `${infer Lookup}.${infer Field}`
      ? Lookup extends keyof FieldsOf<O, M>
        ? Field extends keyof NonNullable<FieldsOf<O, M>[Lookup]>
          ? NonNullable<NonNullable<FieldsOf<O, M>[Lookup]>[Field]>
          : unknown
        : unknown
      : unknown;

/** A row of a query selecting F: each selected column (dotted names kept) and id; null when empty. */
export type CoqlRow<O, M, F extends string> =
  IsLoose<O, M> extends true
    ? { id: string; [column: string]: unknown }
    : { [K in F | "id"]: K extends "id" ? string : CoqlFieldType<O, M, K> | null };

/** Fields the org allows comparisons (>, between) on: numbers, dates and date-times, and id. */
type Ordered<O, M, F> = F extends "id"
  ? true
  : F extends CriteriaFieldsOf<O, M>[keyof CriteriaFieldsOf<O, M> & "greater_than"]
    ? true
    : CoqlFieldType<O, M, F> extends number
      ? true
      : false;

type Always = "=" | "!=" | "in" | "not in" | "is null" | "is not null";
type Ranges = ">" | ">=" | "<" | "<=" | "between" | "not between";

/** The operators a field takes, by its type: ranges on ordered fields, like on text. */
export type CoqlOperatorFor<O, M, F> =
  IsLoose<O, M> extends true
    ? CoqlOperator
    :
        | Always
        | (Ordered<O, M, F> extends true ? Ranges : never)
        | (Ordered<O, M, F> extends true
            ? never
            : CoqlFieldType<O, M, F> extends string | readonly string[]
              ? "like" | "not like"
              : unknown extends CoqlFieldType<O, M, F>
                ? "like" | "not like"
                : never);

/** What a field is compared with: ids as digit strings or bigints, picklists by their values, dates as strings or Dates. */
export type CoqlValueFor<O, M, F> =
  IsLoose<O, M> extends true
    ? CoqlScalar
    : F extends "id" | `${string}.id`
      ? string | bigint
      : CoqlFieldType<O, M, F> extends infer T
        ? unknown extends T
          ? CoqlScalar
          : T extends number
            ? number | bigint
            : T extends boolean
              ? boolean
              : T extends string
                ? Ordered<O, M, F> extends true
                  ? string | Date
                  : T
                : T extends readonly (infer Item)[]
                  ? Item extends string
                    ? Item
                    : string
                  : T extends object
                    ? string | bigint
                    : CoqlScalar
        : never;

/** The values after the operator: none for is null, two for between, an array for in. */
export type CoqlValuesFor<O, M, F, Op> = Op extends "is null" | "is not null"
  ? []
  : Op extends "between" | "not between"
    ? [from: CoqlValueFor<O, M, F>, to: CoqlValueFor<O, M, F>]
    : Op extends "in" | "not in"
      ? [values: readonly CoqlValueFor<O, M, F>[]]
      : Op extends "like" | "not like"
        ? [pattern: string]
        : [value: CoqlValueFor<O, M, F>];

/** Builds the conditions of one module's query: `w("Annual_Revenue", ">", 1000)`, `w.and(a, b)`, `w.or(a, b)`. */
export interface CoqlWhere<O, M> {
  <F extends CoqlField<O, M>, Op extends CoqlOperatorFor<O, M, F>>(
    field: F,
    operator: Op,
    ...values: CoqlValuesFor<O, M, F, Op>
  ): CoqlCondition<M>;
  and(...conditions: CoqlCondition<M>[]): CoqlCondition<M>;
  or(...conditions: CoqlCondition<M>[]): CoqlCondition<M>;
}

/** A WHERE given to a query or an export: built conditions, or a function that builds them. */
export type CoqlCriteria<O, M> = CoqlCondition<M> | ((where: CoqlWhere<O, M>) => CoqlCondition<M>);

export interface CoqlInfo {
  count: number;
  more_records: boolean;
  [key: string]: unknown;
}

export interface CoqlPage<Row> {
  data: Row[];
  info: CoqlInfo;
}

export interface CoqlRunOptions {
  signal?: AbortSignal;
}

export interface CoqlIterateOptions extends CoqlRunOptions {
  /** Rows per call, 1 to 2,000; default 2,000 (3 API credits a call, the cheapest per row). */
  pageSize?: number;
  /** Stop after this many rows (any number; `.limit(count)` caps too, up to 2,000). */
  limit?: number;
}

/**
 * A COQL SELECT on one module, immutable (each method returns a new query). `Row` follows the selected fields.
 */
export interface CoqlQuery<O, M, Row> {
  /** Adds a condition (joined to earlier ones with and): `.where("Lead_Status", "=", "Contacted")`. */
  where<F extends CoqlField<O, M>, Op extends CoqlOperatorFor<O, M, F>>(
    field: F,
    operator: Op,
    ...values: CoqlValuesFor<O, M, F, Op>
  ): CoqlQuery<O, M, Row>;
  /** Adds built conditions: `.where((w) => w.or(w("Email", "is null"), w("Email", "like", "%@example.com")))`. */
  where(criteria: CoqlCriteria<O, M>): CoqlQuery<O, M, Row>;
  /** Adds a sort key (at most 10); default id ascending. */
  orderBy(field: CoqlField<O, M>, direction?: "asc" | "desc"): CoqlQuery<O, M, Row>;
  /** LIMIT offset, count: count 1 to 2,000, offset + count at most 100,000 (Zoho's rules). */
  limit(count: number, offset?: number): CoqlQuery<O, M, Row>;
  /** The COQL text sent. */
  toString(): string;
  /** One call: the rows of this query (its LIMIT; default 200 rows). 204 gives `data: []`. */
  page(options?: CoqlRunOptions): Promise<CoqlPage<Row>>;
  /**
   * Every matching row, 2,000 per call, past 2,000 rows and past the 100,000-row offset ceiling: it pages by id
   * (ORDER BY id, then WHERE id > the last id read) instead of by offset, so it needs id order (no other orderBy)
   * and one free condition (at most 24 of its own). `limit` caps the rows yielded. Stops with PAGING_LOOP if
   * the server does not move past the last id.
   */
  iterate(options?: CoqlIterateOptions): AsyncIterable<Row>;
}

export interface CoqlApi<O> {
  /** A typed SELECT of `fields` (1 to 50; lookups' fields by dotted name, `Owner.name`) from `module`. */
  select<M extends keyof O & string, const F extends CoqlField<O, M>>(
    module: M,
    fields: readonly F[],
  ): CoqlQuery<O, M, CoqlRow<O, M, F>>;
  /** Runs COQL text as given; build values into it with `coql.value()`. 204 gives `data: []`. */
  run(text: string, options?: CoqlRunOptions): Promise<CoqlPage<{ id?: string; [column: string]: unknown }>>;
  /** A value as a COQL literal, escaped: `coql.value("O'Brien")` is `'O''Brien'`. */
  value(value: CoqlScalar | null): string;
}

export interface ExportOptions<O, M, F extends string> {
  /** Fields to read, 1 to 49 (id is always read). */
  fields: readonly F[];
  /** Only records matching these COQL conditions (at most 23: the export adds two of its own). */
  criteria?: CoqlCriteria<O, M>;
  /** Calls in flight at once, 1 to 25; default the client's maxConcurrency. */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface RecordsExportApi<O> {
  /**
   * Every record of a module (or matching `criteria`), each exactly once, in no particular order: the id range is
   * split into one partition per slot of `concurrency`, each read by COQL 2,000 rows a call, ordered by id; a
   * partition that finishes early takes half of the largest one left. All partitions pause together on a 429 (the
   * client's limiter). At most two pages per slot are held in memory, so a slow consumer slows the reads.
   * When Zoho refuses COQL (OAUTH_SCOPE_MISMATCH, NO_PERMISSION) and no criteria were given, it falls back to
   * records.iterate and says so through `hooks.onFallback`.
   */
  export<M extends keyof O & string, F extends FieldOf<O, M>>(
    module: M,
    options: ExportOptions<O, M, F>,
  ): AsyncIterable<SelectedRecord<O, M, F>>;
}
