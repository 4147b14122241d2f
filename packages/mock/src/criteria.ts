/**
 * Zoho search criteria: `(Field:operator:value)`, groups `((A)and(B))` / `((A)or(B))`; which operators each data
 * type takes; and how the mock matches a record.
 * Inside a value a backslash escapes `(`, `)`, `,` and `\`; `in` and `between` split on unescaped commas.
 * The parser is strict about escaping (an unescaped `(` anywhere in a value, or an unescaped `,` in a
 * single-valued operator, is an error) so that it catches clients that forget to escape.
 */

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
export interface CriteriaCondition {
  field: string;
  op: CriteriaOperator;
  values: string[];
}
export type CriteriaNode = CriteriaCondition | { and: CriteriaNode[] } | { or: CriteriaNode[] };

export class CriteriaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at ${position}`);
    this.name = "CriteriaSyntaxError";
  }
}

const MAX_DEPTH = 32;
const FIELD_NAME = /^[A-Za-z0-9_$.]+$/;
const MULTI_VALUED: ReadonlySet<string> = new Set(["in", "between"]);

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): CriteriaNode {
    const node = this.parseList(0);
    this.skipSpaces();
    if (this.pos < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text[this.pos])}`);
    return node;
  }

  private fail(message: string): never {
    throw new CriteriaSyntaxError(message, this.pos);
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  /** term (("and" | "or") term)*, one connective per level. */
  private parseList(depth: number): CriteriaNode {
    if (depth > MAX_DEPTH) this.fail("criteria nested too deeply");
    const terms = [this.parseTerm(depth)];
    let connective: "and" | "or" | undefined;
    for (;;) {
      this.skipSpaces();
      if (this.pos >= this.text.length || this.text[this.pos] === ")") break;
      const match = /^(and|or)/i.exec(this.text.slice(this.pos, this.pos + 3));
      if (!match?.[1]) this.fail("expected 'and' or 'or'");
      const word = match[1].toLowerCase() as "and" | "or";
      if (connective && connective !== word) this.fail("mixed 'and' and 'or' without parentheses");
      connective = word;
      this.pos += word.length;
      terms.push(this.parseTerm(depth));
    }
    if (terms.length === 1) return terms[0]!;
    return connective === "or" ? { or: terms } : { and: terms };
  }

  private parseTerm(depth: number): CriteriaNode {
    this.skipSpaces();
    if (this.text[this.pos] !== "(") this.fail("expected '('");
    this.pos++;
    this.skipSpaces();
    if (this.text[this.pos] === "(") {
      const node = this.parseList(depth + 1);
      this.skipSpaces();
      if (this.text[this.pos] !== ")") this.fail("expected ')'");
      this.pos++;
      return node;
    }
    return this.parseCondition();
  }

  private readUntilColon(what: string): string {
    const end = this.text.indexOf(":", this.pos);
    const close = this.text.indexOf(")", this.pos);
    if (end < 0 || (close >= 0 && close < end)) this.fail(`expected ':' after ${what}`);
    const part = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return part;
  }

  private parseCondition(): CriteriaCondition {
    const start = this.pos;
    const field = this.readUntilColon("field name");
    if (!FIELD_NAME.test(field)) {
      this.pos = start;
      this.fail(`invalid field name ${JSON.stringify(field)}`);
    }
    const opText = this.readUntilColon("operator").toLowerCase();
    if (!(CRITERIA_OPERATORS as readonly string[]).includes(opText)) this.fail(`unknown operator ${opText}`);
    const op = opText as CriteriaOperator;
    const multi = MULTI_VALUED.has(op);
    const values: string[] = [];
    let current = "";
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail("unterminated condition (missing ')')");
      this.pos++;
      if (ch === "\\") {
        const next = this.text[this.pos];
        if (next === undefined) this.fail("dangling backslash");
        this.pos++;
        // Only \( \) \, \\ are escapes; any other backslash stays as written.
        current += "(),\\".includes(next) ? next : `\\${next}`;
      } else if (ch === ")") {
        break;
      } else if (ch === "(") {
        this.pos--;
        this.fail("unescaped '(' in value");
      } else if (ch === ",") {
        if (!multi) {
          this.pos--;
          this.fail(`unescaped ',' in a ${op} value`);
        }
        values.push(current);
        current = "";
      } else {
        current += ch;
      }
    }
    values.push(current);
    if (op === "between" && values.length !== 2) this.fail("between takes exactly two values");
    return { field, op, values };
  }
}

/** Parses Zoho criteria text; throws CriteriaSyntaxError when malformed. */
export function parseCriteria(text: string): CriteriaNode {
  return new Parser(text).parse();
}

/** Every condition of a criteria tree, left to right. */
export function criteriaConditions(node: CriteriaNode): CriteriaCondition[] {
  if ("field" in node) return [node];
  const children = "and" in node ? node.and : node.or;
  return children.flatMap(criteriaConditions);
}

function fieldValue(record: Record<string, unknown>, field: string): unknown {
  let value: unknown = record;
  for (const key of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Scalar candidates of a stored value: lookups match by id or name, arrays by any element. */
function scalars(value: unknown): (string | number | boolean)[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(scalars);
  if (typeof value === "object") {
    const lookup = value as { id?: unknown; name?: unknown };
    return [...scalars(lookup.id), ...scalars(lookup.name)];
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return [value];
  return [];
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** -1/0/1, or undefined when the two cannot be ordered. */
function compare(stored: string | number | boolean, query: string): number | undefined {
  if (typeof stored === "boolean") return String(stored) === query.toLowerCase() ? 0 : undefined;
  const left = String(stored);
  if (NUMERIC.test(left) && NUMERIC.test(query)) {
    const a = Number(left);
    const b = Number(query);
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const a = Date.parse(left);
  const b = Date.parse(query);
  if (/^\d{4}-\d{2}-\d{2}/.test(left) && !Number.isNaN(a) && !Number.isNaN(b)) {
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const x = left.toLowerCase();
  const y = query.toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

function conditionHolds(candidates: (string | number | boolean)[], cond: CriteriaCondition): boolean {
  const some = (test: (c: string | number | boolean) => boolean) => candidates.some(test);
  const [first = "", second = ""] = cond.values;
  switch (cond.op) {
    case "equals":
      return some((c) => compare(c, first) === 0);
    case "not_equal":
      return !some((c) => compare(c, first) === 0);
    case "in":
      return some((c) => cond.values.some((v) => compare(c, v) === 0));
    case "starts_with":
      return some((c) => String(c).toLowerCase().startsWith(first.toLowerCase()));
    case "greater_than":
      return some((c) => (compare(c, first) ?? -1) > 0);
    case "greater_equal":
      return some((c) => (compare(c, first) ?? -1) >= 0);
    case "less_than":
      return some((c) => (compare(c, first) ?? 1) < 0);
    case "less_equal":
      return some((c) => (compare(c, first) ?? 1) <= 0);
    case "between":
      return some((c) => (compare(c, first) ?? -1) >= 0 && (compare(c, second) ?? 1) <= 0);
  }
}

/**
 * Whether a record satisfies the criteria. An approximation: `equals` is a case-insensitive exact match (Zoho's
 * matches words of text fields too), and lookups match by id or name.
 */
export function matchesCriteria(node: CriteriaNode, record: Record<string, unknown>): boolean {
  if ("field" in node) return conditionHolds(scalars(fieldValue(record, node.field)), node);
  if ("and" in node) return node.and.every((child) => matchesCriteria(child, record));
  return node.or.some((child) => matchesCriteria(child, record));
}

const TEXT_OPS = ["equals", "not_equal", "starts_with", "in"];
const ORDERED_OPS = [
  "equals",
  "not_equal",
  "greater_than",
  "greater_equal",
  "less_than",
  "less_equal",
  "between",
  "in",
];

/** The operators Zoho accepts per field data type (zoho-api-notes.md); a type not listed takes any. */
const OPERATORS_BY_TYPE: Record<string, readonly string[]> = {
  text: TEXT_OPS,
  email: TEXT_OPS,
  phone: TEXT_OPS,
  website: TEXT_OPS,
  textarea: ["equals", "not_equal", "starts_with"],
  picklist: ["equals", "not_equal", "in"],
  autonumber: ["equals", "not_equal", "in"],
  ownerlookup: ["equals", "not_equal", "in"],
  userlookup: ["equals", "not_equal", "in"],
  multiselectpicklist: ["equals", "not_equal", "in", "starts_with"],
  date: ORDERED_OPS,
  datetime: ORDERED_OPS,
  integer: ORDERED_OPS,
  bigint: ORDERED_OPS,
  currency: ORDERED_OPS,
  decimal: ORDERED_OPS,
  double: ORDERED_OPS,
  percent: ORDERED_OPS,
  boolean: ["equals", "not_equal"],
};

/** Whether Zoho accepts the operator on a field of this data type. */
export function operatorAllowed(dataType: string, op: CriteriaOperator): boolean {
  return OPERATORS_BY_TYPE[dataType]?.includes(op) ?? true;
}
