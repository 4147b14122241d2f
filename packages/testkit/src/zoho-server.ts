/**
 * An in-process fake of Zoho CRM v8 / Bigin v2 record endpoints (as seen through the Maton gateway), for tests
 * and benchmarks: node:http on 127.0.0.1, deterministic fault injection, a request log and concurrency stats.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { cannedFaultResponse, createFaultPicker, type FaultKind, type FaultPlan } from "./faults.js";
import { listenOnLoopback } from "./loopback.js";
import { type Query, ZohoReader } from "./zoho-read.js";
import { type App, type FakeRecord, type Reply, ZohoStore, zohoError } from "./zoho-store.js";

export type { FaultKind, FaultPlan } from "./faults.js";
export type { FakeRecord } from "./zoho-store.js";

export interface FakeZohoOptions {
  /** Path prefix /crm/v8 (default) or /bigin/v2. */
  app?: App;
  /** Initial records per module (each has id: a string of digits). */
  modules?: Record<string, FakeRecord[]>;
  /** Generates N records {id, Last_Name, Email, Created_Time, Modified_Time, Owner} per module. */
  seedRecords?: { module: string; count: number }[];
  /** Added to every response (for bulk-write benchmarks). */
  latencyMs?: number;
  faults?: FaultPlan;
  /** Bigin: GET /bigin/v2/Pipelines without pipeline_id -> 400 REQUIRED_PARAM_MISSING. */
  requirePipelineId?: boolean;
  /** Lifetime of page tokens (default 24 h); expired tokens answer EXPIRED_VALUE. */
  tokenTtlMs?: number;
  /** Most conditions in one search criteria (default 10, as documented) -> CRITERIA_LIMIT_EXCEEDED. */
  maxCriteria?: number;
  /** Most entries kept in `requests` (default 100,000); past it the oldest half is dropped. */
  requestLogLimit?: number;
}

export interface RequestLog {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  /** Arrival time, ms since the epoch. */
  at: number;
  fault?: FaultKind;
  /** Status sent; absent when no status line was sent (resets, slow). */
  status?: number;
}

export interface FakeZoho {
  /** http://127.0.0.1:PORT, the client's baseUrl; paths are /crm/v8/... under it. */
  url: string;
  /** Live view of the stored records, in insertion order (read-only). */
  records(module: string): FakeRecord[];
  requests: RequestLog[];
  stats(): { requests: number; faults: Record<string, number>; maxInFlight: number };
  /** Every page_token issued so far answers 400 EXPIRED_VALUE from now on. */
  expireAllTokens(): void;
  /** Closes the server, destroys open sockets and clears timers. */
  close(): Promise<void>;
}

const PREFIX: Record<App, string> = { crm: "/crm/v8", bigin: "/bigin/v2" };
const JSON_TYPE = "application/json;charset=UTF-8";
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The request body as text, or undefined when the request was aborted or too large. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.socket.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(undefined));
    req.on("close", () => resolve(undefined));
  });
}

function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

export async function startFakeZoho(options: FakeZohoOptions = {}): Promise<FakeZoho> {
  const app = options.app ?? "crm";
  const prefix = PREFIX[app];
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const logLimit = Math.max(2, options.requestLogLimit ?? 100_000);
  const pickFault = createFaultPicker(options.faults);

  const store = new ZohoStore(app);
  for (const [module, records] of Object.entries(options.modules ?? {})) store.addRecords(module, records);
  for (const { module, count } of options.seedRecords ?? []) store.seed(module, count);
  const reader = new ZohoReader(store, {
    requirePipelineId: options.requirePipelineId ?? false,
    tokenTtlMs: options.tokenTtlMs ?? DAY_MS,
    maxCriteria: options.maxCriteria ?? 10,
  });

  const requests: RequestLog[] = [];
  const faultCounts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: (ok: boolean) => void }>();
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let closed = false;

  /** Resolves true after ms, or false at once / early when the server closes. */
  function sleep(ms: number): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const sleeper = {
        resolve,
        timer: setTimeout(() => {
          sleepers.delete(sleeper);
          resolve(true);
        }, ms),
      };
      sleepers.add(sleeper);
    });
  }

  function route(req: IncomingMessage, url: URL, query: Query, raw: string): Reply {
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer\s+\S/.test(auth)) return zohoError(401, "INVALID_TOKEN", "invalid oauth token");
    if (!url.pathname.startsWith(`${prefix}/`)) {
      return zohoError(
        404,
        "INVALID_URL_PATTERN",
        "Please check if the URL trying to access is a correct one",
      );
    }
    let segments: string[];
    try {
      segments = url.pathname
        .slice(prefix.length + 1)
        .split("/")
        .map(decodeURIComponent);
    } catch {
      segments = [];
    }
    if (segments.at(-1) === "" && segments.length > 1) segments.pop();
    const [module = "", sub, action] = segments;
    const method = req.method ?? "GET";
    const isWrite = method === "POST" || method === "PUT";
    let body: unknown;
    if (isWrite && raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        return zohoError(400, "INVALID_DATA", "either the request body or parameters is in wrong format");
      }
    }
    const badMethod = () =>
      zohoError(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one");

    if (module !== "" && segments.length === 1) {
      if (method === "GET") return reader.list(module, query);
      if (method === "POST") return store.create(module, body);
      if (method === "PUT") return store.update(module, body);
      if (method === "DELETE") return store.remove(module, query.ids, query.wf_trigger);
      return badMethod();
    }
    if (module !== "" && sub && segments.length === 2) {
      if (sub === "upsert") return method === "POST" ? store.upsert(module, body) : badMethod();
      if (sub === "search") return method === "GET" ? reader.search(module, query) : badMethod();
      if (/^\d+$/.test(sub)) {
        if (method === "GET") return reader.getOne(module, sub, query);
        if (method === "PUT") return store.update(module, body, sub);
        if (method === "DELETE") return store.remove(module, sub, query.wf_trigger);
        return badMethod();
      }
    }
    if (segments.length === 3 && sub === "actions" && action === "count") {
      return method === "GET" ? reader.count(module, query) : badMethod();
    }
    return zohoError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
  }

  function send(res: ServerResponse, entry: RequestLog, status: number, type: string, body: string): void {
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string | number> = { "Content-Type": type };
    if (status !== 204) headers["Content-Length"] = Buffer.byteLength(body);
    entry.status = status;
    res.writeHead(status, headers);
    res.end(status === 204 ? undefined : body);
  }

  /** A valid status line and the full Content-Length, then half of the body and a closed socket. */
  function sendTruncated(res: ServerResponse, entry: RequestLog, status: number, body: string): void {
    const bytes = Buffer.from(body);
    if (res.destroyed || bytes.length === 0) {
      resetSocket(res.socket ?? res.req.socket);
      return;
    }
    entry.status = status;
    res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
  }

  function log(entry: RequestLog): void {
    if (requests.length >= logLimit) requests.splice(0, Math.floor(logLimit / 2));
    requests.push(entry);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestNumber = ++requestCount;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    res.once("close", () => {
      if (!finished) inFlight--;
      finished = true;
    });

    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query: Query = Object.fromEntries(url.searchParams);
    const entry: RequestLog = { method: req.method ?? "GET", path: url.pathname, query, at: Date.now() };
    log(entry);
    const fault = pickFault(requestNumber);
    if (fault) {
      entry.fault = fault;
      faultCounts[fault] = (faultCounts[fault] ?? 0) + 1;
    }
    if (fault === "reset-before") return resetSocket(req.socket);

    const raw = await readBody(req);
    if (raw === undefined || closed) return;
    if (raw !== "") entry.body = parseBody(raw);
    if (fault === "slow") return; // never answered; the socket closes with the client or close()
    if (latencyMs > 0 && !(await sleep(latencyMs))) return;

    const canned = fault ? cannedFaultResponse(fault) : undefined;
    if (canned) return send(res, entry, canned.status, canned.contentType, canned.body);

    let reply: Reply;
    try {
      reply = route(req, url, query, raw);
    } catch {
      reply = zohoError(500, "INTERNAL_ERROR", "Internal Server Error");
    }
    const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
    if (fault === "reset-after") return resetSocket(req.socket);
    if (fault === "truncated-json") return sendTruncated(res, entry, reply.status, body);
    send(res, entry, reply.status, JSON_TYPE, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  const url = await listenOnLoopback(server);

  let closing: Promise<void> | undefined;
  return {
    url,
    records: (module) => store.records(module),
    requests,
    stats: () => ({ requests: requestCount, faults: { ...faultCounts }, maxInFlight }),
    expireAllTokens: () => reader.expireAllTokens(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        for (const sleeper of sleepers) {
          clearTimeout(sleeper.timer);
          sleeper.resolve(false);
        }
        sleepers.clear();
        // One more turn of the event loop lets libuv release the closed handles before we resolve.
        server.close(() => setImmediate(resolve));
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
