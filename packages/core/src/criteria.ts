import { ZohoKitError } from "./errors.js";
import { FIELD_NAME } from "./validate.js";

/** The operators of Zoho's search criteria, in the order its documentation lists them. */
export const CRITERIA_OPERATORS = [
  "equals",
  "not_equal",
  "starts_with",
  "in",
  "greater_than",
  "greater_equal",
  "less_than",
  "less_equal",
  "between",
] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];

/** A value a condition compares with. Dates become ISO 8601 date-times with offset. */
export type CriteriaValue = string | number | boolean | bigint | Date;

declare const fieldOperators: unique symbol;

/**
 * Built, escaped search criteria. `P` records, for the type checker only, each condition's operator, field and
 * value type (`{ starts_with: { Email: "j" } } | { greater_than: { Age: number } }`), so a client typed with an org
 * refuses fields, operators and values the module does not allow (`CriteriaOf`), and its error names the field and
 * the value that broke it.
 */
export interface Criteria<P extends object = object> {
  /** The criteria exactly as sent to Zoho (before URL encoding). */
  readonly text: string;
  /** How many conditions it holds. */
  readonly conditions: number;
  /** Every operator it uses. */
  readonly operators: ReadonlySet<CriteriaOperator>;
  readonly [fieldOperators]?: P;
  toString(): string;
}

/** Zoho documents at most 10 conditions per search. */
export const MAX_CONDITIONS = 10;
/** `in` takes at most 100 values. */
export const MAX_IN_VALUES = 100;

const SPECIAL = new Set(["(", ")", ",", "\\"]);
/** Criteria made by this module's builders; anything else passed as criteria is checked as text. */
const built = new WeakSet<object>();
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses a string holding an unpaired UTF-16 surrogate (half of an emoji cut in two, for example): it cannot be
 * URL-encoded, so sending it would fail with a bare URIError.
 */
export function assertWellFormed(value: string, what: string): void {
  const match = UNPAIRED_SURROGATE.exec(value);
  if (match) {
    throw new ZohoKitError(
      `${what} is not valid Unicode: an unpaired surrogate (\\u${match[0].charCodeAt(0).toString(16)}, e.g. half an emoji) ` +
        `at position ${match.index} cannot be sent. Fix or drop it.`,
    );
  }
}

/**
 * Escapes one value as Zoho requires: a backslash before `(`, `)` and `,`, and before any backslash that would
 * otherwise read as an escape (one that ends the value or precedes a special character).
 */
export function escapeCriteriaValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\") {
      const next = value[i + 1];
      out += next === undefined || SPECIAL.has(next) ? "\\\\" : "\\";
    } else if (SPECIAL.has(char)) {
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function formatValue(value: CriteriaValue, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ZohoKitError(`Criteria on ${field}: the Date is invalid.`);
    return (
      `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` +
      `T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}+00:00`
    );
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new ZohoKitError(`Criteria on ${field}: ${value} is not a finite number.`);
  }
  if (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    typeof value === "bigint"
  ) {
    if (typeof value === "string") assertWellFormed(value, `Criteria on ${field}: the value`);
    return escapeCriteriaValue(String(value));
  }
  throw new ZohoKitError(
    `Criteria on ${field}: values must be strings, numbers, booleans or Dates; got ${typeof value}.`,
  );
}

function checkField(field: unknown): asserts field is string {
  if (typeof field !== "string" || !FIELD_NAME.test(field)) {
    throw new ZohoKitError(
      `Criteria need a field API name such as Last_Name (letters, digits, _); got ${JSON.stringify(field)}.`,
    );
  }
}

function checkConditionCount(conditions: number): void {
  if (conditions > MAX_CONDITIONS) {
    throw new ZohoKitError(
      `Search criteria may hold at most ${MAX_CONDITIONS} conditions; these have ${conditions}. Split the search, or use \`in\` for many values of one field.`,
    );
  }
}

function build<P extends object>(
  text: string,
  conditions: number,
  operators: Iterable<CriteriaOperator>,
): Criteria<P> {
  checkConditionCount(conditions);
  const criteria = Object.freeze({
    text,
    conditions,
    operators: new Set(operators),
    toString: () => text,
  }) as Criteria<P>;
  built.add(criteria);
  return criteria;
}

/** One condition's type: `{ equals: { Lead_Status: "Contacted" } }`. */
export type Condition<Op extends CriteriaOperator, F extends string, V> = Criteria<{
  [K in Op]: { [X in F]: V };
}>;

function condition<Op extends CriteriaOperator, F extends string, V>(
  field: F,
  operator: Op,
  values: readonly CriteriaValue[],
): Condition<Op, F, V> {
  checkField(field);
  const text = values.map((value) => formatValue(value, field)).join(",");
  return build(`(${field}:${operator}:${text})`, 1, [operator]);
}

/** `field` equals `value` (on text fields Zoho matches like "contains"; exact on picklists). */
export const eq = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"equals", F, V>(field, "equals", [value]);
export const notEqual = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"not_equal", F, V>(field, "not_equal", [value]);
export const startsWith = <F extends string, V extends string>(field: F, value: V) =>
  condition<"starts_with", F, V>(field, "starts_with", [value]);
export const gt = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"greater_than", F, V>(field, "greater_than", [value]);
export const gte = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"greater_equal", F, V>(field, "greater_equal", [value]);
export const lt = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"less_than", F, V>(field, "less_than", [value]);
export const lte = <F extends string, V extends CriteriaValue>(field: F, value: V) =>
  condition<"less_equal", F, V>(field, "less_equal", [value]);

/** `field` is between `from` and `to`, inclusive. */
export const between = <F extends string, From extends CriteriaValue, To extends CriteriaValue>(
  field: F,
  from: From,
  to: To,
) => condition<"between", F, From | To>(field, "between", [from, to]);

/** `field` equals one of `values` (1 to 100). Also exported as `in`. */
export function inList<F extends string, const V extends CriteriaValue>(
  field: F,
  values: readonly V[],
): Condition<"in", F, V> {
  if (!Array.isArray(values) || values.length === 0 || values.length > MAX_IN_VALUES) {
    throw new ZohoKitError(
      `\`in\` on ${String(field)} takes 1 to ${MAX_IN_VALUES} values; got ${Array.isArray(values) ? values.length : typeof values}.`,
    );
  }
  return condition(field, "in", values);
}
export { inList as in };

type OperatorsOf<C> = C extends Criteria<infer P> ? P : never;

function combine<C extends readonly Criteria[]>(
  joiner: "and" | "or",
  parts: C,
): Criteria<OperatorsOf<C[number]>> {
  if (parts.length === 0) throw new ZohoKitError(`${joiner}() needs at least one criteria.`);
  for (const part of parts) {
    if (typeof part !== "object" || part === null || typeof part.text !== "string") {
      throw new ZohoKitError(
        `${joiner}() takes criteria built with eq(), startsWith(), ...; got ${part === null ? "null" : typeof part}.`,
      );
    }
  }
  if (parts.length === 1 && built.has(parts[0]!)) return parts[0] as Criteria<OperatorsOf<C[number]>>;
  let conditions = 0;
  const operators: CriteriaOperator[] = [];
  for (const part of parts) {
    const used = built.has(part) ? [...part.operators] : (conditionsOf(textOf(part)) as CriteriaOperator[]);
    conditions += built.has(part) ? part.conditions : used.length;
    operators.push(...used);
  }
  const text = parts.length === 1 ? parts[0]!.text : `(${parts.map((part) => part.text).join(joiner)})`;
  return build(text, conditions, operators);
}

/** All of the criteria. */
export const and = <C extends readonly Criteria[]>(...parts: C) => combine("and", parts);
/** Any of the criteria. */
export const or = <C extends readonly Criteria[]>(...parts: C) => combine("or", parts);

/** The conditions of a criteria text: `(field:operator:` not escaped, with their operators. */
function conditionsOf(text: string): string[] {
  const operators: string[] = [];
  for (const match of text.matchAll(/(?:^|[^\\])\([A-Za-z0-9_$.]+:([a-z_]+):/g)) operators.push(match[1]!);
  return operators;
}

/** The text of criteria that did not come from the builders (a string, or an object shaped like Criteria). */
function textOf(criteria: unknown): string {
  const text =
    typeof criteria === "string"
      ? criteria
      : typeof criteria === "object" && criteria !== null && typeof (criteria as Criteria).text === "string"
        ? (criteria as Criteria).text
        : undefined;
  if (text === undefined) {
    throw new ZohoKitError(
      `criteria must be built with eq(), startsWith(), and(), ... or be a criteria string; got ${criteria === null ? "null" : typeof criteria}.`,
    );
  }
  if (text.trim() === "") throw new ZohoKitError("criteria must not be empty.");
  assertWellFormed(text, "criteria");
  checkConditionCount(conditionsOf(text).length);
  return text;
}

/**
 * The criteria text to send: that of built criteria, or a raw string (sent as is) or hand-made object, whose
 * conditions are counted against Zoho's limit all the same.
 */
export function criteriaText(criteria: Criteria | string): string {
  if (typeof criteria === "object" && criteria !== null && built.has(criteria)) return criteria.text;
  return textOf(criteria);
}

/** The operators used by built criteria or, read from the text, by any other criteria. */
export function criteriaOperators(criteria: Criteria | string): Set<string> {
  if (typeof criteria === "object" && criteria !== null && built.has(criteria))
    return new Set(criteria.operators);
  return new Set(conditionsOf(textOf(criteria)));
}
