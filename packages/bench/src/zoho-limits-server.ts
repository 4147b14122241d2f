/**
 * A simulated Zoho CRM with Zoho's limits, run as a child process (limits.ts forks it) on 127.0.0.1:
 * - every answer takes 100 ms + 0.5 ms per row (times `scale`: 0.1 for a quick run);
 * - at most 10 calls in flight: the 11th gets 429 TOO_MANY_REQUESTS at once;
 * - GET /crm/v8/Leads: page numbers up to 2,000 records, page tokens up to 100,000 (200 a page), 1 credit a call;
 * - POST /crm/v8/coql: the queries zohokit writes (id bounds, order by id, limit offset, count): at most 2,000
 *   rows a call, offset + count at most 100,000; 1 credit for a LIMIT of 1-200, 2 for 201-1,000, 3 for
 *   1,001-2,000; 204 when no row.
 */
import { createServer, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

const config = JSON.parse(process.argv[2] ?? "{}") as { records?: number; scale?: number };
const RECORDS = config.records ?? 100_000;
const SCALE = config.scale ?? 1;
const MAX_IN_FLIGHT = 10;
const FIRST_ID = 5725767000001000000n;
/** Ids rise by 1 to 3, as a real org's do (not contiguous). */
const ids: bigint[] = [];
for (let i = 0, id = FIRST_ID; i < RECORDS; i++, id += BigInt(1 + (i % 3))) ids.push(id);
const JSON_TYPE = "application/json;charset=UTF-8";

let inFlight = 0;
let credits = 0;
let calls = 0;
let rejected = 0;
const sockets = new Set<Socket>();

const row = (index: number) => ({ id: ids[index]!.toString(), Last_Name: `Lead ${index}` });

function send(res: ServerResponse, status: number, body: unknown, rows: number): void {
  const delay = (100 + 0.5 * rows) * SCALE;
  setTimeout(() => {
    inFlight--;
    if (status === 204) {
      res.writeHead(204).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(text) }).end(text);
  }, delay);
}

const error = (code: string, details: object = {}) => ({ code, details, message: code, status: "error" });

function list(url: URL, res: ServerResponse): void {
  const perPage = Number(url.searchParams.get("per_page") ?? 200);
  const token = url.searchParams.get("page_token");
  const page = Number(url.searchParams.get("page") ?? 1);
  credits++;
  if (!token && page * perPage > 2000) {
    send(res, 400, error("DISCRETE_PAGINATION_LIMIT_EXCEEDED"), 0);
    return;
  }
  const offset = token ? Number(token.slice(1)) : (page - 1) * perPage;
  if (offset >= 100_000) {
    send(res, 400, error("PAGINATION_LIMIT_EXCEEDED"), 0);
    return;
  }
  const end = Math.min(offset + perPage, RECORDS, 100_000);
  if (end <= offset) {
    send(res, 204, undefined, 0);
    return;
  }
  const more = end < RECORDS;
  const data = Array.from({ length: end - offset }, (_, i) => row(offset + i));
  send(
    res,
    200,
    {
      data,
      info: {
        per_page: perPage,
        count: data.length,
        page,
        more_records: more,
        next_page_token: more ? `t${end}` : null,
      },
    },
    data.length,
  );
}

/** The first index with ids[index] > id (or >= when inclusive). */
function firstAbove(id: bigint, inclusive: boolean): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (inclusive ? ids[mid]! >= id : ids[mid]! > id) high = mid;
    else low = mid + 1;
  }
  return low;
}

function coql(query: string, res: ServerResponse): void {
  const limit = /limit (\d+), (\d+)\s*$/.exec(query);
  const offset = limit ? Number(limit[1]) : 0;
  const count = limit ? Number(limit[2]) : 200;
  if (count > 2000 || offset + count > 100_000) {
    send(res, 400, error("LIMIT_EXCEEDED", { clause: "limit" }), 0);
    return;
  }
  credits += count <= 200 ? 1 : count <= 1000 ? 2 : 3;
  let from = 0;
  let to = ids.length; // exclusive
  for (const [, op, value] of query.matchAll(/id (>=|<=|>|<) (\d+)/g)) {
    const id = BigInt(value!);
    if (op === ">") from = Math.max(from, firstAbove(id, false));
    if (op === ">=") from = Math.max(from, firstAbove(id, true));
    if (op === "<") to = Math.min(to, firstAbove(id, true));
    if (op === "<=") to = Math.min(to, firstAbove(id, false));
  }
  const desc = /order by id desc/.test(query);
  const matching = Math.max(0, to - from);
  const taken = Math.max(0, Math.min(count, matching - offset));
  if (taken === 0) {
    send(res, 204, undefined, 0);
    return;
  }
  const data = Array.from({ length: taken }, (_, i) => row(desc ? to - 1 - offset - i : from + offset + i));
  send(res, 200, { data, info: { count: taken, more_records: offset + taken < matching } }, taken);
}

const server = createServer((req, res) => {
  calls++;
  if (inFlight >= MAX_IN_FLIGHT) {
    rejected++;
    req.resume();
    const text = JSON.stringify(error("TOO_MANY_REQUESTS"));
    res.writeHead(429, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(text) }).end(text);
    return;
  }
  inFlight++;
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (req.method === "GET" && url.pathname === "/crm/v8/Leads") {
    req.resume();
    list(url, res);
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    if (req.method === "POST" && url.pathname === "/crm/v8/coql") {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { select_query: string };
      coql(body.select_query, res);
      return;
    }
    send(res, 404, error("INVALID_URL_PATTERN"), 0);
  });
});
server.keepAliveTimeout = 60_000;
server.on("connection", (socket) => {
  socket.setNoDelay(true);
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});

function stop(): void {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on("message", (message: { type: string }) => {
  if (message.type === "stats") process.send?.({ type: "stats", credits, calls, rejected });
  if (message.type === "reset") {
    credits = 0;
    calls = 0;
    rejected = 0;
    process.send?.({ type: "stats", credits, calls, rejected });
  }
  if (message.type === "stop") stop();
});
process.on("disconnect", stop);

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ type: "ready", port: typeof address === "object" && address ? address.port : 0 });
});
