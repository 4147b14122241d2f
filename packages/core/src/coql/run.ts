import type { Call, Reply } from "../call.js";
import { ApiError, ZohoKitError } from "../errors.js";
import type { ClientHooks } from "../hooks.js";
import type { CoqlPage } from "./types.js";

/** What COQL needs of a client: the one request function and a few options. */
export interface CoqlContext {
  request(call: Call): Promise<Reply>;
  options: { maxConcurrency: number; signal: AbortSignal | undefined; hooks?: ClientHooks };
}

export interface CoqlConfig {
  /** The app's COQL route: "/crm/v8/coql". */
  path: string;
}

type Row = { id?: string; [column: string]: unknown };

const CLAUSE_ADVICE: Readonly<Record<string, string>> = {
  select: "check the selected field API names (at most 50; lookups' fields as Owner.name)",
  from: "check the module API name after from",
  where:
    "check the where clause: field names, each operator against the field's type, at most 25 conditions bracketed in pairs",
  "order by": "check the order by clause: at most 10 fields, each sortable, none twice",
  limit:
    "check the limit clause: LIMIT offset, count with count at most 2,000 and offset + count at most 100,000",
};

/** What to do about a COQL error, naming the clause Zoho's details point at. */
export function coqlAdvice(code: string, details: Record<string, unknown>): string | undefined {
  const clause = typeof details.clause === "string" ? details.clause.toLowerCase() : undefined;
  const column = typeof details.column_name === "string" ? details.column_name : undefined;
  if (clause && CLAUSE_ADVICE[clause]) return `In the ${clause} clause: ${CLAUSE_ADVICE[clause]}.`;
  if (code === "SYNTAX_ERROR") {
    const near = typeof details.near === "string" ? ` near "${details.near}"` : "";
    const at = details.line !== undefined ? ` (line ${details.line}, column ${details.column})` : "";
    return `The query does not parse${near}${at}: build it with coql.select(), or escape values with coql.value(); quote a field named like an SQL keyword.`;
  }
  if (code === "INVALID_QUERY") {
    return column
      ? `In the where or select clause: ${column} is not a field the query can use there${typeof details.operator === "string" ? ` with ${details.operator}` : ""} (settings.fields(module) lists API names and types).`
      : "In the where clause: a field, operator or value does not fit the field's type.";
  }
  if (code === "LIMIT_EXCEEDED")
    return "In the limit clause: at most 2,000 rows a call and offset + count at most 100,000; page by id (coql.select().iterate()) to read more.";
  if (code === "DUPLICATE_DATA") return "In the order by clause: a field is given twice.";
  if (code === "INVALID_ALIAS" || code === "DUPLICATE_ALIAS")
    return "In the select clause: check the aliases.";
  if (code === "OAUTH_SCOPE_MISMATCH")
    return "COQL needs the ZohoCRM.coql.READ scope and the module's READ scope.";
  return undefined;
}

function withAdvice(error: ApiError): ApiError {
  const advice = coqlAdvice(error.code, error.details);
  if (!advice || error.status === 0) return error;
  return new ApiError({ ...error, message: `${error.message} ${advice}`, cause: error });
}

/** Sends one SELECT; a 204 is an empty page. COQL is a read: safe to repeat, so it is retried like a GET. */
export async function runCoql(
  core: CoqlContext,
  config: CoqlConfig,
  text: string,
  signal: AbortSignal | undefined,
): Promise<CoqlPage<Row>> {
  if (typeof text !== "string" || !/^\s*select\s/i.test(text)) {
    throw new ZohoKitError(
      `COQL runs one SELECT statement; got ${JSON.stringify(String(text).slice(0, 60))}.`,
    );
  }
  let reply: Reply;
  try {
    reply = await core.request({
      method: "POST",
      path: config.path,
      body: { json: { select_query: text } },
      effect: "read",
      signal,
    });
  } catch (error) {
    throw error instanceof ApiError ? withAdvice(error) : error;
  }
  const body = reply.body as { data?: unknown; info?: Partial<CoqlPage<Row>["info"]> } | undefined;
  const data = Array.isArray(body?.data) ? (body.data as Row[]) : [];
  return {
    data,
    info: {
      ...body?.info,
      count: body?.info?.count ?? data.length,
      more_records: body?.info?.more_records === true,
    },
  };
}
