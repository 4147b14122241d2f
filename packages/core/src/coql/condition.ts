import { ZohoKitError } from "../errors.js";
import { assertFieldName, refuse } from "../validate.js";
import { type CoqlScalar, coqlId, coqlValue } from "./value.js";

/** COQL's comparison operators. */
export const COQL_OPERATORS = [
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "like",
  "not like",
  "in",
  "not in",
  "between",
  "not between",
  "is null",
  "is not null",
] as const;
export type CoqlOperator = (typeof COQL_OPERATORS)[number];

/** Zoho: at most 25 criteria in a WHERE clause, at most 50 values in `in`. */
export const MAX_COQL_CONDITIONS = 25;
export const MAX_COQL_IN_VALUES = 50;

declare const moduleOf: unique symbol;

/**
 * A built, escaped WHERE condition (one comparison, or several joined by and/or, bracketed in pairs as Zoho
 * requires: `((A and B) and C)`). `M` records the module it was typed for.
 */
export interface CoqlCondition<M = string> {
  /** The condition as COQL text. */
  readonly text: string;
  /** How many comparisons it holds (Zoho allows 25 in a query). */
  readonly conditions: number;
  readonly [moduleOf]?: M;
  toString(): string;
}

const built = new WeakSet<object>();

function make(text: string, conditions: number): CoqlCondition<never> {
  const condition = Object.freeze({ text, conditions, toString: () => text });
  built.add(condition);
  return condition as CoqlCondition<never>;
}

export function isCondition(value: unknown): value is CoqlCondition<unknown> {
  return typeof value === "object" && value !== null && built.has(value);
}

const isIdField = (field: string) => field === "id" || field.endsWith(".id");

function literal(field: string, value: unknown, what: string): string {
  if (isIdField(field)) return coqlId(value, what);
  if (value === null || value === undefined) {
    throw new ZohoKitError(`${what} is ${value}: compare with null through "is null" or "is not null".`);
  }
  return coqlValue(value as CoqlScalar, what);
}

/** One comparison: `Last_Name = 'O''Brien'`, `Created_Time between '...' and '...'`, `Email is null`. */
export function comparison(
  field: unknown,
  operator: unknown,
  values: readonly unknown[],
): CoqlCondition<never> {
  assertFieldName(field, "A COQL condition's field");
  if (!COQL_OPERATORS.includes(operator as CoqlOperator)) {
    throw refuse(
      `The condition on ${field} needs one of COQL's operators (${COQL_OPERATORS.join(", ")})`,
      operator,
    );
  }
  const op = operator as CoqlOperator;
  const what = `The value of ${field} ${op}`;
  const expect = (count: number) => {
    if (values.length !== count) {
      throw new ZohoKitError(
        `${field} ${op} takes ${count === 0 ? "no value" : `${count} value${count > 1 ? "s" : ""}`}; got ${values.length}.`,
      );
    }
  };
  if (op === "is null" || op === "is not null") {
    expect(0);
    return make(`${field} ${op}`, 1);
  }
  if (op === "between" || op === "not between") {
    expect(2);
    return make(
      `${field} ${op} ${literal(field, values[0], what)} and ${literal(field, values[1], what)}`,
      1,
    );
  }
  expect(1);
  const [value] = values;
  if (op === "in" || op === "not in") {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_COQL_IN_VALUES) {
      throw refuse(`${field} ${op} takes an array of 1 to ${MAX_COQL_IN_VALUES} values`, value);
    }
    return make(`${field} ${op} (${value.map((v) => literal(field, v, what)).join(", ")})`, 1);
  }
  if ((op === "like" || op === "not like") && typeof value !== "string") {
    throw refuse(`${field} ${op} takes a string pattern (% for any characters)`, value);
  }
  return make(`${field} ${op} ${literal(field, value, what)}`, 1);
}

/** Joins conditions with and/or, nested in pairs (`((A and B) and C)`); at most 25 comparisons in all. */
export function combine(joiner: "and" | "or", parts: readonly unknown[]): CoqlCondition<never> {
  if (parts.length === 0) throw new ZohoKitError(`${joiner}() needs at least one condition.`);
  for (const part of parts) {
    if (!isCondition(part)) {
      throw refuse(
        `${joiner}() takes conditions built by the where builder`,
        part === undefined ? "undefined" : part,
      );
    }
  }
  const [first, ...rest] = parts as CoqlCondition<unknown>[];
  let text = first!.text;
  let conditions = first!.conditions;
  for (const part of rest) {
    text = `(${text} ${joiner} ${part.text})`;
    conditions += part.conditions;
  }
  assertConditionCount(conditions);
  return make(text, conditions);
}

export function assertConditionCount(conditions: number, reserved = 0): void {
  if (conditions + reserved > MAX_COQL_CONDITIONS) {
    throw new ZohoKitError(
      `A COQL WHERE clause holds at most ${MAX_COQL_CONDITIONS} conditions; this one has ${conditions}` +
        `${reserved ? ` and needs ${reserved} more of its own for paging by id` : ""}. Use \`in\` for many values of one field, or split the query.`,
    );
  }
}

/** A condition zohokit adds itself (keyset paging), from text it built from checked ids. */
export function trustedCondition(text: string): CoqlCondition<never> {
  return make(text, 1);
}
