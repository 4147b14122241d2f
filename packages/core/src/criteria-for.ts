import {
  and,
  between,
  type Condition,
  type CriteriaValue,
  eq,
  gt,
  gte,
  inList,
  lt,
  lte,
  notEqual,
  or,
  startsWith,
} from "./criteria.js";
import type { CriteriaOf } from "./records/org.js";

type FieldsFor<A, Op> = Op extends keyof A ? keyof NonNullable<A[Op]> & string : never;
type ValueFor<A, Op, F> = Op extends keyof A
  ? F extends keyof NonNullable<A[Op]>
    ? CriteriaValue & Exclude<NonNullable<A[Op]>[F], undefined>
    : never
  : never;

/**
 * The criteria builders of one module of an org: the same functions as `eq`, `gt`, ..., whose fields, operators and
 * values are checked where each condition is written, so a bad condition is blamed where it stands rather than
 * where the criteria are used.
 */
export interface ModuleCriteria<A> {
  eq<F extends FieldsFor<A, "equals">, V extends ValueFor<A, "equals", F>>(
    field: F,
    value: V,
  ): Condition<"equals", F, V>;
  notEqual<F extends FieldsFor<A, "not_equal">, V extends ValueFor<A, "not_equal", F>>(
    field: F,
    value: V,
  ): Condition<"not_equal", F, V>;
  startsWith<F extends FieldsFor<A, "starts_with">, V extends ValueFor<A, "starts_with", F> & string>(
    field: F,
    value: V,
  ): Condition<"starts_with", F, V>;
  gt<F extends FieldsFor<A, "greater_than">, V extends ValueFor<A, "greater_than", F>>(
    field: F,
    value: V,
  ): Condition<"greater_than", F, V>;
  gte<F extends FieldsFor<A, "greater_equal">, V extends ValueFor<A, "greater_equal", F>>(
    field: F,
    value: V,
  ): Condition<"greater_equal", F, V>;
  lt<F extends FieldsFor<A, "less_than">, V extends ValueFor<A, "less_than", F>>(
    field: F,
    value: V,
  ): Condition<"less_than", F, V>;
  lte<F extends FieldsFor<A, "less_equal">, V extends ValueFor<A, "less_equal", F>>(
    field: F,
    value: V,
  ): Condition<"less_equal", F, V>;
  between<
    F extends FieldsFor<A, "between">,
    From extends ValueFor<A, "between", F>,
    To extends ValueFor<A, "between", F>,
  >(field: F, from: From, to: To): Condition<"between", F, From | To>;
  in<F extends FieldsFor<A, "in">, V extends ValueFor<A, "in", F>>(
    field: F,
    values: readonly V[],
  ): Condition<"in", F, V>;
  and: typeof and;
  or: typeof or;
}

const builders = Object.freeze({ eq, notEqual, startsWith, gt, gte, lt, lte, between, in: inList, and, or });

/**
 * Criteria builders checked against module M of org O: `const leads = criteriaFor<Org, "Leads">();
 * leads.eq("Lead_Status", "Contacted")`. At run time they are the plain builders.
 */
export function criteriaFor<O, M extends keyof O & string>(): ModuleCriteria<CriteriaOf<O, M>> {
  return builders as unknown as ModuleCriteria<CriteriaOf<O, M>>;
}
