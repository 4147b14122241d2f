import type {
  BatchResult,
  CreateOf,
  CreateOptions,
  FieldOf,
  Page,
  RecordsApi,
  SelectedRecord,
  TypedIterateOptions,
  TypedListOptions,
  TypedUpsertOptions,
  UpdateOf,
  WriteOptions,
} from "@zohokit/core";

/**
 * What a generated Org says of each Team Pipeline (typegen reads them from the Pipelines layouts), by id:
 * `Org["Pipelines"]["teamPipelines"]`. `never` for an org generated without layouts, and for the loose org.
 */
export type TeamPipelinesOf<O> = O extends { Pipelines: { teamPipelines: infer T extends object } }
  ? T
  : never;

/** The Team Pipeline ids of a generated Org. */
export type PipelineId<O> = [TeamPipelinesOf<O>] extends [never] ? never : keyof TeamPipelinesOf<O> & string;

/** The id of the Team Pipeline named `Name`: `PipelineIdNamed<Org, "Sales Pipeline">`. */
export type PipelineIdNamed<O, Name extends string> = {
  [Id in PipelineId<O>]: TeamPipelinesOf<O>[Id] extends { name: Name } ? Id : never;
}[PipelineId<O>];

/** The Stage values of Team Pipeline `Id` (of each, for a union of ids). */
export type PipelineStage<O, Id extends PipelineId<O>> = TeamPipelinesOf<O>[Id] extends { stage: infer S }
  ? S
  : never;

/** The Sub_Pipeline values of Team Pipeline `Id`. */
export type PipelineSubPipeline<O, Id extends PipelineId<O>> = TeamPipelinesOf<O>[Id] extends {
  subPipeline: infer S;
}
  ? S
  : never;

/** Every Team Pipeline's stages of a generated Org; `string` for an Org without Team Pipelines. */
export type AnyPipelineStage<O> = [PipelineId<O>] extends [never]
  ? string
  : PipelineStage<O, PipelineId<O>> & string;

/** What an input naming Team Pipeline `Id` may hold in `Key`: that pipeline's values, or anything (`unknown`). */
type OfPipeline<O, Id, Key extends "stage" | "subPipeline"> = [Id] extends [never]
  ? unknown
  : [Id] extends [PipelineId<O>]
    ? TeamPipelinesOf<O>[Id & PipelineId<O>][Key & keyof TeamPipelinesOf<O>[Id & PipelineId<O>]] | null
    : unknown;

/**
 * An input naming Team Pipeline `Id` holds that pipeline's stages and sub-pipelines. Nothing more is required of
 * an input whose pipeline is not known at compile time (pipelines.check() and the checkStages option check those
 * at run time). An object type, not a conditional one: the compiler infers `Id` from `Pipeline.id` through it.
 */
interface StagesOfPipeline<O, Id> {
  Pipeline?: { id: Id } | null;
  Stage?: OfPipeline<O, Id, "stage">;
  Sub_Pipeline?: OfPipeline<O, Id, "subPipeline">;
}

/**
 * What a write input of module M adds to core's input type: for Pipelines, the checks of the Team Pipeline its
 * `Pipeline.id` names; nothing for other modules. Kept apart from the input type (and `{}`, not `unknown`, for other
 * modules): so the compiler infers `Id` from the input without inferring into every field of the Pipelines input
 * type on each write of another module.
 */
export type PipelineChecks<O, M, Id> = M extends "Pipelines" ? StagesOfPipeline<O, Id> : {};

/** A create input of module M. */
export type StagedCreate<O, M, Id extends string> = CreateOf<O, M> & PipelineChecks<O, M, Id>;

/** An update input of module M. */
export type StagedUpdate<O, M, Id extends string> = UpdateOf<O, M> & PipelineChecks<O, M, Id>;

/** An upsert input of module M. */
export type StagedUpsert<O, M, Id extends string> = (CreateOf<O, M> | UpdateOf<O, M>) &
  PipelineChecks<O, M, Id>;

/** The values of field K of Team Pipeline `Id`: its "stage" or "subPipeline". */
type PipelineValues<O, Id, K> = TeamPipelinesOf<O>[Id & PipelineId<O>][(K extends "Stage"
  ? "stage"
  : "subPipeline") &
  keyof TeamPipelinesOf<O>[Id & PipelineId<O>]];

/**
 * A record read from one Team Pipeline: Stage and Sub_Pipeline (when read) are that pipeline's. One mapped type
 * over the two fields, added to core's record: the cheapest form for the compiler.
 */
export type PipelineRecord<O, M, F extends string, Id, R> = [M] extends ["Pipelines"]
  ? [Id] extends [never]
    ? R
    : [Id] extends [PipelineId<O>]
      ? R & { [K in F & ("Stage" | "Sub_Pipeline")]: PipelineValues<O, Id, K> | null }
      : R
  : R;

/**
 * Listing Pipelines needs the Team Pipeline's id; other modules take none. (With `unknown` for other modules the
 * compiler would no longer infer `Id` from `pipelineId`.)
 */
export type PipelineListOption<M, Id extends string> = [M] extends ["Pipelines"]
  ? { pipelineId: Id }
  : { pipelineId?: never };

/**
 * Bigin's records API: core's, with Pipelines lists needing `pipelineId`. With an Org generated from the Pipelines
 * layouts, each Pipelines record's Stage and Sub_Pipeline are also checked against the Team Pipeline the code
 * names (`pipelineId` of a list, `Pipeline: { id }` of a write). Chosen once per Org, so an Org without Team
 * Pipelines (and the loose default) keeps core's signatures.
 */
export type BiginRecordsApi<O> = [TeamPipelinesOf<O>] extends [never]
  ? RecordsApi<O, { Pipelines: { pipelineId: string } }>
  : StagedRecordsApi<O>;

/** The records API of an Org with Team Pipelines. */
export interface StagedRecordsApi<O>
  extends Omit<RecordsApi<O>, "list" | "iterate" | "create" | "update" | "upsert"> {
  /** One page of records with the given fields (1 to 50); Pipelines one Team Pipeline at a time. */
  list<M extends keyof O & string, F extends FieldOf<O, M>, const Id extends string = never>(
    module: M,
    options: TypedListOptions<F> & PipelineListOption<M, Id>,
  ): Promise<Page<PipelineRecord<O, M, F, Id, SelectedRecord<O, M, F>>>>;
  /** Every record across pages, one page in memory at a time; past 2,000 records it follows page tokens. */
  iterate<M extends keyof O & string, F extends FieldOf<O, M>, const Id extends string = never>(
    module: M,
    options: TypedIterateOptions<F> & PipelineListOption<M, Id>,
  ): AsyncIterable<PipelineRecord<O, M, F, Id, SelectedRecord<O, M, F>>>;
  /** Creates any number of records, 100 per request. Never throws on per-record failures. */
  create<M extends keyof O & string, const Id extends string = never>(
    module: M,
    inputs: readonly StagedCreate<O, M, Id>[],
    options?: CreateOptions,
  ): Promise<BatchResult>;
  /** Updates any number of records (each input carries its id), 100 per request. */
  update<M extends keyof O & string, const Id extends string = never>(
    module: M,
    inputs: readonly StagedUpdate<O, M, Id>[],
    options?: WriteOptions,
  ): Promise<BatchResult>;
  /** Inserts or updates by duplicate-check fields; safe to repeat, so it is retried on failures. */
  upsert<M extends keyof O & string, const Id extends string = never>(
    module: M,
    inputs: readonly StagedUpsert<O, M, Id>[],
    options?: TypedUpsertOptions<O, M>,
  ): Promise<BatchResult>;
}
