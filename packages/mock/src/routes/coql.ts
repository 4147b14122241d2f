/**
 * POST /coql: the subset of COQL that zohokit's builder writes: select fields (dotted lookups: Owner.name),
 * from, where with the comparison operators joined by and/or in brackets, order by, limit offset, count. Zoho's
 * rules: at most 2,000 rows a call, offset + count at most 100,000, 25 conditions, 50 fields; 204 when no row.
 */

import { type Reply, zohoError } from "../errors.js";
import type { RouteContext } from "../router.js";
import type { MockRecord } from "../store.js";
import { compareIds, isObject } from "../values.js";
import { findModule } from "./shared.js";

type Token = { kind: "word" | "string" | "number" | "symbol"; text: string };
type Value = string | number | boolean | null;
type Node = { join: "and" | "or"; left: Node; right: Node } | { field: string; op: string; values: Value[] };

const MAX_ROWS = 2000;
const MAX_OFFSET = 100_000;
const MAX_CONDITIONS = 25;
const MAX_FIELDS = 50;

class CoqlError extends Error {
  constructor(readonly reply: Reply) {
    super("coql");
  }
}
const syntax = (near: string) =>
  new CoqlError(zohoError(400, "SYNTAX_ERROR", "error occurred while parsing the query", { near }));
const limitExceeded = (clause: string, limit: number) =>
  new CoqlError(
    zohoError(400, "LIMIT_EXCEEDED", `the ${clause} clause exceeds the allowed limit`, { clause, limit }),
  );

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw syntax(text.slice(-20));
        const c = text[i]!;
        if (c === "\\" && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (c === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ kind: "string", text: value });
    } else if (/[0-9-]/.test(char)) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!match) throw syntax(text.slice(i, i + 20));
      tokens.push({ kind: "number", text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z0-9_$.]+/.exec(text.slice(i))!;
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    } else {
      const match = /^(!=|>=|<=|[=<>(),])/.exec(text.slice(i));
      if (!match) throw syntax(text.slice(i, i + 20));
      tokens.push({ kind: "symbol", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === "word" && token.text.toLowerCase() === word;
  }
  next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw syntax("end of query");
    return token;
  }
  expectWord(word: string): void {
    const token = this.next();
    if (token.kind !== "word" || token.text.toLowerCase() !== word) throw syntax(token.text);
  }
  expectSymbol(symbol: string): void {
    const token = this.next();
    if (token.kind !== "symbol" || token.text !== symbol) throw syntax(token.text);
  }
  field(): string {
    const token = this.next();
    if (token.kind !== "word") throw syntax(token.text);
    return token.text;
  }
  value(): Value {
    const token = this.next();
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return token.text.includes(".") ? Number(token.text) : token.text;
    if (token.kind === "word" && ["true", "false"].includes(token.text.toLowerCase()))
      return token.text.toLowerCase() === "true";
    if (token.kind === "word" && token.text.toLowerCase() === "null") return null;
    throw syntax(token.text);
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
  expression(): Node {
    let left: Node;
    if (this.peek()?.text === "(") {
      this.next();
      left = this.expression();
      this.expectSymbol(")");
    } else {
      left = this.condition();
    }
    if (this.isWord("and") || this.isWord("or")) {
      const join = this.next().text.toLowerCase() as "and" | "or";
      return { join, left, right: this.expression() };
    }
    return left;
  }
  condition(): Node {
    const field = this.field();
    if (this.isWord("is")) {
      this.next();
      const not = this.isWord("not");
      if (not) this.next();
      this.expectWord("null");
      return { field, op: not ? "is not null" : "is null", values: [] };
    }
    let op: string;
    if (this.isWord("not")) {
      this.next();
      op = `not ${this.next().text.toLowerCase()}`;
    } else {
      op = this.next().text.toLowerCase();
    }
    if (op === "in" || op === "not in") {
      this.expectSymbol("(");
      const values = [this.value()];
      while (this.peek()?.text === ",") {
        this.next();
        values.push(this.value());
      }
      this.expectSymbol(")");
      return { field, op, values };
    }
    if (op === "between" || op === "not between") {
      const from = this.value();
      this.expectWord("and");
      return { field, op, values: [from, this.value()] };
    }
    if (!["=", "!=", ">", ">=", "<", "<=", "like", "not like"].includes(op)) throw syntax(op);
    return { field, op, values: [this.value()] };
  }
}

function count(node: Node): number {
  return "join" in node ? count(node.left) + count(node.right) : 1;
}

/** The value of a column: a field, a lookup's field (Owner.name), a lookup itself as its id. */
function column(record: MockRecord, field: string): unknown {
  const [base, sub] = field.split(".", 2) as [string, string | undefined];
  const value = record[base];
  if (sub === undefined) return value ?? null;
  return isObject(value) ? (value[sub] ?? null) : null;
}

function compare(actual: unknown, expected: Value): number {
  const plain = isObject(actual) ? actual.id : actual;
  if (
    typeof plain === "string" &&
    typeof expected === "string" &&
    /^\d+$/.test(plain) &&
    /^\d+$/.test(expected)
  )
    return compareIds(plain, expected);
  if (typeof plain === "number") return plain - Number(expected);
  const a = String(plain);
  const b = String(expected);
  return a < b ? -1 : a > b ? 1 : 0;
}

function like(actual: unknown, pattern: string): boolean {
  if (typeof actual !== "string") return false;
  const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*")}$`, "is");
  return regex.test(actual);
}

function matches(record: MockRecord, node: Node): boolean {
  if ("join" in node) {
    return node.join === "and"
      ? matches(record, node.left) && matches(record, node.right)
      : matches(record, node.left) || matches(record, node.right);
  }
  const actual = column(record, node.field);
  const empty = actual === null || actual === undefined || actual === "";
  const [a, b] = node.values as [Value, Value];
  switch (node.op) {
    case "is null":
      return empty;
    case "is not null":
      return !empty;
    case "=":
      return !empty && compare(actual, a) === 0;
    case "!=":
      return empty || compare(actual, a) !== 0;
    case ">":
      return !empty && compare(actual, a) > 0;
    case ">=":
      return !empty && compare(actual, a) >= 0;
    case "<":
      return !empty && compare(actual, a) < 0;
    case "<=":
      return !empty && compare(actual, a) <= 0;
    case "between":
      return !empty && compare(actual, a) >= 0 && compare(actual, b) <= 0;
    case "not between":
      return !empty && (compare(actual, a) < 0 || compare(actual, b) > 0);
    case "in":
      return !empty && node.values.some((v) => compare(actual, v) === 0);
    case "not in":
      return empty || node.values.every((v) => compare(actual, v) !== 0);
    case "like":
      return like(actual, String(a));
    default:
      return !like(actual, String(a));
  }
}

function lookupRow(value: unknown): unknown {
  return isObject(value) && "id" in value ? { id: value.id } : (value ?? null);
}

/** POST /coql. */
export function runQuery(ctx: RouteContext): Reply {
  const query = isObject(ctx.body) ? ctx.body.select_query : undefined;
  if (typeof query !== "string" || query.trim() === "") {
    return zohoError(400, "INVALID_QUERY", "select_query is missing", { reason: "select_query is missing" });
  }
  try {
    const p = new Parser(tokenize(query));
    p.expectWord("select");
    const fields = [p.field()];
    while (p.peek()?.text === ",") {
      p.next();
      fields.push(p.field());
    }
    if (fields.length > MAX_FIELDS) throw limitExceeded("select", MAX_FIELDS);
    if (!p.isWord("from")) {
      throw new CoqlError(
        zohoError(400, "SYNTAX_ERROR", "The query does not contain the from clause.", { clause: "from" }),
      );
    }
    p.next();
    const module = p.field();
    const model = findModule(ctx.state, module);
    if (!model) {
      throw new CoqlError(
        zohoError(400, "INVALID_QUERY", "invalid module given", { reason: "invalid module" }),
      );
    }
    let where: Node | undefined;
    if (p.isWord("where")) {
      p.next();
      where = p.expression();
      if (count(where) > MAX_CONDITIONS) throw limitExceeded("where", MAX_CONDITIONS);
    }
    const orders: { field: string; direction: "asc" | "desc" }[] = [];
    if (p.isWord("order")) {
      p.next();
      p.expectWord("by");
      do {
        if (orders.length) p.next();
        const field = p.field();
        let direction: "asc" | "desc" = "asc";
        if (p.isWord("asc") || p.isWord("desc")) direction = p.next().text.toLowerCase() as "asc" | "desc";
        orders.push({ field, direction });
      } while (p.peek()?.text === ",");
      if (orders.length > 10) throw limitExceeded("order by", 10);
    }
    let offset = 0;
    let limit = 200;
    if (p.isWord("limit")) {
      p.next();
      const first = Number(p.next().text);
      if (p.peek()?.text === ",") {
        p.next();
        offset = first;
        limit = Number(p.next().text);
      } else {
        limit = first;
      }
      if (!Number.isInteger(offset) || !Number.isInteger(limit) || limit < 1) throw syntax(String(limit));
      if (limit > MAX_ROWS) throw limitExceeded("limit", MAX_ROWS);
      if (offset + limit > MAX_OFFSET) throw limitExceeded("limit", MAX_OFFSET);
    }
    if (!p.done()) throw syntax(p.peek()!.text);
    const strict = model.strict;
    for (const field of [...fields, ...orders.map((o) => o.field)]) {
      const base = field.split(".")[0]!;
      if (strict && base !== "id" && !model.fields.has(base)) {
        throw new CoqlError(
          zohoError(400, "INVALID_QUERY", "The query contains an invalid column name (field_API_name).", {
            column_name: field,
          }),
        );
      }
    }
    const sorted = ctx.state.store.sorted(module, "id", "asc");
    let rows = where ? sorted.filter((record) => matches(record, where!)) : [...sorted];
    const keys = orders.length ? orders : [{ field: "id", direction: "asc" as const }];
    if (!(keys.length === 1 && keys[0]!.field === "id" && keys[0]!.direction === "asc")) {
      rows = [...rows].sort((x, y) => {
        for (const key of keys) {
          const a = column(x, key.field);
          const b = column(y, key.field);
          const order = a === b ? 0 : a === null ? -1 : b === null ? 1 : compare(a, b as Value);
          if (order !== 0) return key.direction === "asc" ? order : -order;
        }
        return 0;
      });
    }
    const page = rows.slice(offset, offset + limit);
    if (page.length === 0) return { status: 204 };
    return {
      status: 200,
      body: {
        data: page.map((record) => {
          const row: Record<string, unknown> = {};
          for (const field of fields)
            row[field] = field.includes(".") ? column(record, field) : lookupRow(record[field]);
          row.id = record.id;
          return row;
        }),
        info: { count: page.length, more_records: rows.length > offset + limit },
      },
    };
  } catch (error) {
    if (error instanceof CoqlError) return error.reply;
    throw error;
  }
}
