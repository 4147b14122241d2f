import type { CriteriaOperator } from "../criteria.js";
import type { ZohoRecord } from "./types.js";

/**
 * What a generated org file says of one module: its fields, its read shape, its create and update inputs, and for
 * each search operator the fields it may be used on (`{ equals?: "Email" | "Last_Name"; starts_with?: "Email"; ... }`).
 */
export interface ModuleTypes {
  /** Every field but id, by API name (generated files give it; without it the record's keys are used). */
  fields?: object;
  record: { id: string };
  create: object;
  update: { id: string };
  criteria: object;
}

/**
 * An org: one entry per module. Generated `interface Org` types satisfy it. The check is shallow on purpose:
 * relating each module's record, input and criteria types here would make the compiler resolve every module of a
 * large org up front, used or not (most of the type-check time); RecordOf, CreateOf, UpdateOf and CriteriaOf
 * read them when a call uses the module.
 */
export type OrgShape<O> = { [M in keyof O]: { record: unknown } };

/** A module of an org nobody generated types for: any field, loosely typed. */
export interface LooseModule {
  fields: { [field: string]: unknown };
  record: ZohoRecord;
  create: Record<string, unknown>;
  update: { id: string; [field: string]: unknown };
  criteria: { [Op in CriteriaOperator]?: string };
}

/** The org used when no generated `Org` is given: modules and fields are plain strings. */
export interface LooseOrg {
  [module: string]: LooseModule;
}

export type ModuleName<O> = keyof O & string;

type UnionToIntersection<U> = (U extends unknown ? (name: U) => void : never) extends (name: infer I) => void
  ? I
  : never;
type IsOneName<M> = [M] extends [UnionToIntersection<M>] ? true : false;

/**
 * The entry of module M. TypeScript makes M the union of every module when a call names a module the org does not
 * have (or passes a value typed as any module); that M is treated as a loose module, so a misspelt name costs one
 * error instead of making the compiler resolve every module's types of a large org.
 */
type ModuleOf<O, M> = [ModuleName<O>] extends [M]
  ? IsOneName<M> extends true
    ? O[M & keyof O]
    : LooseModule
  : M extends keyof O
    ? O[M]
    : never;

/** The fields of module M by API name, as the generated org declares them (loose: any name). */
export type FieldsOf<O, M> = ModuleOf<O, M> extends { fields: infer F } ? F : RecordOf<O, M>;

export type RecordOf<O, M> = ModuleOf<O, M> extends { record: infer R } ? R : never;
export type CreateOf<O, M> = ModuleOf<O, M> extends { create: infer C } ? C : never;
export type UpdateOf<O, M> = ModuleOf<O, M> extends { update: infer U } ? U : never;
/** For each operator, the fields it may be used on (as a generated org states them). */
export type CriteriaFieldsOf<O, M> = ModuleOf<O, M> extends { criteria: infer P extends object } ? P : object;

/**
 * The value a condition on a field of type T takes: a picklist's own values, one value of a multi-select picklist,
 * the id of a lookup or user, a number for numbers, a Date or ISO string for dates and date-times (the fields
 * that take comparisons), text for text.
 */
export type CriteriaValueFor<T, Comparable extends boolean> = T extends null | undefined
  ? never
  : T extends readonly (infer E)[]
    ? E
    : T extends Date
      ? T | string
      : T extends object
        ? string
        : T extends string
          ? string extends T
            ? Comparable extends true
              ? string | Date
              : string
            : T
          : T extends number
            ? number | bigint
            : T;

type FieldTypes<O, M> = ModuleOf<O, M> extends { fields: infer F } ? F : RecordOf<O, M>;

type AllowedValues<P, F> = {
  [Op in keyof P]?: {
    [K in P[Op] & string]?: CriteriaValueFor<
      K extends keyof F ? F[K] : unknown,
      K extends P["greater_than" & keyof P] ? true : false
    >;
  };
};

/** Where a condition names a field its operator does not take: the fields the operator takes on the module. */
export interface FieldNotAllowed<Op extends string, Allowed> {
  readonly "this operator does not take the field": Op;
  readonly "fields it takes": Allowed;
}

/** Where a condition uses an operator the app's criteria do not have: the operators it has. */
export interface OperatorNotAllowed<Allowed> {
  readonly "operators the module's criteria take": Allowed;
}

/** A union of names as its members ("Email" | "Phone"), not as the `keyof` groups it was built from. */
type Names<T> = `${T & string}`;

type CheckConditions<P, A, F> = P extends unknown
  ? {
      [Op in keyof P]: Op extends keyof A
        ? {
            [K in keyof P[Op]]: K extends A[Op]
              ? CriteriaValueFor<
                  K extends keyof F ? F[K] : unknown,
                  K extends A["greater_than" & keyof A] ? true : false
                >
              : FieldNotAllowed<Op & string, Names<A[Op]>>;
          }
        : OperatorNotAllowed<Names<keyof A>>;
    }
  : never;

/**
 * The criteria `P` a call passes (`{ equals: { Lead_Status: "Hot" } } | ...`), checked against module M: each
 * condition's operator, field and value. Only the conditions used are read, so a module's hundreds of fields are not
 * resolved for a search on three of them.
 */
export type CheckedCriteria<O, M, P> = CheckConditions<P, CriteriaFieldsOf<O, M>, FieldTypes<O, M>>;

/**
 * What criteria on module M may hold, for `Criteria<CriteriaOf<O, M>>`: per operator, the fields it may be used on
 * and the values each takes. Read only where a call uses criteria on M.
 */
export type CriteriaOf<O, M> = AllowedValues<CriteriaFieldsOf<O, M>, FieldTypes<O, M>>;

/** The field API names of a module. */
export type FieldOf<O, M> =
  ModuleOf<O, M> extends { fields: infer F }
    ? keyof F & string
    : Exclude<keyof RecordOf<O, M>, "id"> & string;

/**
 * A record with only the requested fields (and id); the whole record for loose orgs. Built from the module's
 * fields, not its record type, so a call that reads five fields does not make the compiler map all of them.
 */
export type SelectedRecord<O, M, F extends string> =
  string extends FieldOf<O, M>
    ? RecordOf<O, M>
    : ModuleOf<O, M> extends { fields: infer Fields }
      ? { [K in F | "id"]: K extends keyof Fields ? Fields[K] | null : string }
      : Pick<RecordOf<O, M>, (F | "id") & keyof RecordOf<O, M>>;
