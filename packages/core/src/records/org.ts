import type { ZohoRecord } from "./types.js";

/**
 * What a generated org file says of one module: its read shape, its create and update inputs, and the
 * `Field:operator` pairs its search criteria may use.
 */
export interface ModuleTypes {
  record: { id: string };
  create: object;
  update: { id: string };
  criteria: string;
}

/**
 * An org: one entry per module. Generated `interface Org` types satisfy it. `criteria` is left out of the check
 * on purpose: comparing it would make the compiler expand every module's Field:operator union up front (most of
 * the type-check time of a large org); CriteriaPairsOf reads it when a search is written.
 */
export type OrgShape<O> = { [M in keyof O]: Omit<ModuleTypes, "criteria"> };

/** A module of an org nobody generated types for: any field, loosely typed. */
export interface LooseModule {
  record: ZohoRecord;
  create: Record<string, unknown>;
  update: { id: string; [field: string]: unknown };
  criteria: string;
}

/** The org used when no generated `Org` is given: modules and fields are plain strings. */
export interface LooseOrg {
  [module: string]: LooseModule;
}

export type ModuleName<O> = keyof O & string;

type ModuleOf<O, M> = M extends keyof O ? O[M] : never;

export type RecordOf<O, M> = ModuleOf<O, M> extends { record: infer R } ? R : never;
export type CreateOf<O, M> = ModuleOf<O, M> extends { create: infer C } ? C : never;
export type UpdateOf<O, M> = ModuleOf<O, M> extends { update: infer U } ? U : never;
export type CriteriaPairsOf<O, M> = ModuleOf<O, M> extends { criteria: infer P extends string } ? P : string;

/** The field API names of a module. */
export type FieldOf<O, M> = Exclude<keyof RecordOf<O, M>, "id"> & string;

/** A record with only the requested fields (and id); the whole record for loose orgs. */
export type SelectedRecord<O, M, F extends string> =
  string extends FieldOf<O, M> ? RecordOf<O, M> : Pick<RecordOf<O, M>, (F | "id") & keyof RecordOf<O, M>>;
