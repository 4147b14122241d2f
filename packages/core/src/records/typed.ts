import type { Criteria } from "../criteria.js";
import type {
  CallOptions,
  CountOptions,
  CreateOptions,
  DeleteOptions,
  IterateOptions,
  ListOptions,
  SearchAllOptions,
  SearchOptions,
  UpsertOptions,
  WriteOptions,
} from "./options.js";
import type {
  CheckedCriteria,
  CreateOf,
  CriteriaOf,
  FieldOf,
  RecordOf,
  SelectedRecord,
  UpdateOf,
} from "./org.js";
import type { BatchResult, Page } from "./types.js";

/** Extra list options an app requires for some modules, e.g. Bigin's `{ Pipelines: { pipelineId: string } }`. */
export type ListExtras = Record<string, object>;
type ExtraFor<X, M> = M extends keyof X ? X[M] : unknown;

type Typed<T, K extends keyof T, Added> = Omit<T, K> & Added;

export type TypedListOptions<F extends string> = Typed<ListOptions, "fields", { fields: readonly F[] }>;
export type TypedIterateOptions<F extends string> = Typed<IterateOptions, "fields", { fields: readonly F[] }>;
/** Exactly one of criteria, email, phone and word: what a search looks for. */
export type SearchBy<C> =
  | { criteria: C; email?: never; phone?: never; word?: never }
  | { email: string; criteria?: never; phone?: never; word?: never }
  | { phone: string; criteria?: never; email?: never; word?: never }
  | { word: string; criteria?: never; email?: never; phone?: never };
type SearchKeys = "criteria" | "email" | "phone" | "word" | "fields";

/** What a call's criteria must also be: each criteria type it may hold, checked condition by condition. */
type CheckedFor<O, M, C> = C extends Criteria<infer P> ? Criteria<CheckedCriteria<O, M, P>> : C;

/**
 * The criteria a call on module M passes: their type `C` is inferred (a union of them too, as from a ternary) and
 * checked condition by condition (CheckedCriteria), so a bad field, operator or value is reported at its condition.
 */
export type CriteriaFor<O, M, C> = C & NoInfer<CheckedFor<O, M, C>>;

/** What `criteria` is checked against when an options type is written without the call's own criteria type. */
export type AnyCriteriaOf<O, M> = Criteria<CriteriaOf<O, M>> | string;

export type TypedSearchOptions<O, M, F extends string, C = AnyCriteriaOf<O, M>> = Omit<
  SearchOptions,
  SearchKeys
> & {
  fields?: readonly F[];
} & SearchBy<CriteriaFor<O, M, C>>;
export type TypedSearchAllOptions<O, M, F extends string, C = AnyCriteriaOf<O, M>> = Omit<
  SearchAllOptions,
  SearchKeys
> & {
  fields?: readonly F[];
} & SearchBy<CriteriaFor<O, M, C>>;
/** A count of every record, or of those matching one of criteria, email, phone or word. */
export type TypedCountOptions<O, M, C = AnyCriteriaOf<O, M>> = Omit<CountOptions, SearchKeys> &
  (SearchBy<CriteriaFor<O, M, C>> | { criteria?: never; email?: never; phone?: never; word?: never });
export type TypedUpsertOptions<O, M> = Typed<
  UpsertOptions,
  "duplicateCheckFields",
  { duplicateCheckFields?: FieldOf<O, M>[] }
>;

/**
 * The records API typed by an org: module names, fields, record shapes, inputs and criteria are checked at compile
 * time. With the loose default org everything is a string and records are loose.
 */
export interface RecordsApi<O, X extends object = {}> {
  /** One page of records with the given fields (1 to 50). A 204 gives `data: []`. */
  list<M extends keyof O & string, F extends FieldOf<O, M>>(
    module: M,
    options: TypedListOptions<F> & ExtraFor<X, M>,
  ): Promise<Page<SelectedRecord<O, M, F>>>;
  /** Every record across pages, one page in memory at a time; past 2,000 records it follows page tokens. */
  iterate<M extends keyof O & string, F extends FieldOf<O, M>>(
    module: M,
    options: TypedIterateOptions<F> & ExtraFor<X, M>,
  ): AsyncIterable<SelectedRecord<O, M, F>>;
  /** One record, or null when Zoho has none with this id. */
  get<M extends keyof O & string, F extends FieldOf<O, M> = FieldOf<O, M>>(
    module: M,
    id: string,
    options?: CallOptions & { fields?: readonly F[] },
  ): Promise<SelectedRecord<O, M, F> | null>;
  /** Creates any number of records, 100 per request. Never throws on per-record failures. */
  create<M extends keyof O & string>(
    module: M,
    inputs: readonly CreateOf<O, M>[],
    options?: CreateOptions,
  ): Promise<BatchResult>;
  /** Updates any number of records (each input carries its id), 100 per request. */
  update<M extends keyof O & string>(
    module: M,
    inputs: readonly UpdateOf<O, M>[],
    options?: WriteOptions,
  ): Promise<BatchResult>;
  /** Inserts or updates by duplicate-check fields; safe to repeat, so it is retried on failures. */
  upsert<M extends keyof O & string>(
    module: M,
    inputs: readonly (CreateOf<O, M> | UpdateOf<O, M>)[],
    options?: TypedUpsertOptions<O, M>,
  ): Promise<BatchResult>;
  /** Deletes any number of records by id, 100 per request. */
  delete<M extends keyof O & string>(
    module: M,
    ids: readonly string[],
    options?: DeleteOptions,
  ): Promise<BatchResult>;
  /** One page of a search by criteria, email, phone or word. A 204 gives `data: []`. */
  search<
    M extends keyof O & string,
    F extends FieldOf<O, M> = FieldOf<O, M>,
    C extends Criteria | string = string,
  >(module: M, options: TypedSearchOptions<O, M, F, C>): Promise<Page<SelectedRecord<O, M, F>>>;
  /** Every match across pages (Zoho returns at most 2,000 per search). */
  searchAll<
    M extends keyof O & string,
    F extends FieldOf<O, M> = FieldOf<O, M>,
    C extends Criteria | string = string,
  >(module: M, options: TypedSearchAllOptions<O, M, F, C>): AsyncIterable<SelectedRecord<O, M, F>>;
  /** How many records the module holds, or match a filter. */
  count<M extends keyof O & string, C extends Criteria | string = string>(
    module: M,
    options?: TypedCountOptions<O, M, C>,
  ): Promise<number>;
}

/** Full records of a module, for annotations: `RecordType<Org, "Leads">`. */
export type RecordType<O, M> = RecordOf<O, M>;
