/**
 * startMockGateway: a stateful fake of the Maton gateway in front of Zoho CRM v8 or Bigin v2 (and of Maton's
 * connection API), on node:http. A request passes, in order: the request log, the fault rules, the latency, the
 * API key, the connection, the route table (routes.ts), the handler; then the answer is sent (or broken, as the
 * fault says).
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import {
  connectionNotFound,
  invalidBody,
  invalidRequestMethod,
  invalidToken,
  invalidUrlPattern,
  matonBadRequest,
  matonUnauthorized,
  matonUrlNotFound,
  type Reply,
  zohoError,
} from "./errors.js";
import {
  cannedFaultResponse,
  type FaultControl,
  type FaultKind,
  FaultPlan,
  type FaultRule,
  JSON_TYPE,
  type PickedFault,
} from "./faults.js";
import { GroupStore } from "./group-store.js";
import { type App, type OrgSnapshot, resolveOrg } from "./org.js";
import { PageTokens } from "./page-tokens.js";
import { bytesFrom, mulberry32 } from "./random.js";
import { type BulkReadSettings, findRoute, type GatewayState, pathSegments, type Query } from "./router.js";
import { ConnectionBook, type MockConnection } from "./routes/maton.js";
import { GATEWAY_ROUTES, MATON_ROUTES } from "./routes.js";
import { scopeChecker, scopeMismatch } from "./scopes.js";
import { type MockStore, RecordStore } from "./store.js";
import { listen, readBody, resetSocket, Sleepers } from "./transport.js";

export interface MockGatewayOptions {
  /** Which API: Zoho CRM v8 (`/crm/v8/...`) or Bigin v2 (`/bigin/v2/...`). */
  app: App;
  /**
   * The org to be: a snapshot folder written by `zohokit typegen --save DIR` (or its content as an object). The
   * mock then knows only its modules and refuses what the org would (required fields, picklists, data types,
   * lengths, unique fields). Without it: the app's standard modules, plus any module given records; only the
   * standard required fields are checked.
   */
  org?: string | OrgSnapshot;
  /** Seeds every random choice (faults, connection ids, page tokens, the API key): same seed, same run. */
  seed?: number;
  /** Fault rules, tried in order for every request; change them at run time with `faults`. */
  faults?: readonly FaultRule[];
  /** Added to every answer, in ms. */
  latencyMs?: number;
  /** The port to listen on; default a free one. */
  port?: number;
  /** The address to listen on; default 127.0.0.1 (loopback only). */
  host?: string;
  /** The API key to accept (`Authorization: Bearer <apiKey>`); default a new one, given back as `apiKey`. */
  apiKey?: string;
  /** Accept any non-empty Bearer key and any Maton-Connection, for code that brings its own. */
  acceptAnyKey?: boolean;
  /**
   * The OAuth scopes the connection was authorized with (ZohoCRM.modules.ALL, ZohoBigin.modules.Tasks.ALL,
   * ZohoCRM.settings.READ, ZohoCRM.users.READ, ZohoCRM.org.READ, ...): a call they do not cover answers 401
   * OAUTH_SCOPE_MISMATCH. Default: every scope.
   */
  scopes?: readonly string[];
  /** Records to start with, per module (ids are generated when missing). */
  records?: Record<string, readonly Record<string, unknown>[]>;
  /** Bigin: listing Pipelines needs `pipeline_id`, as Bigin requires (default true). */
  requirePipelineId?: boolean;
  /** The sort order of lists that name none (default "desc", as Zoho's). */
  defaultSortOrder?: "asc" | "desc";
  /** How long a page_token lives (default 24 h, as Zoho's); past it: EXPIRED_VALUE. */
  pageTokenTtlMs?: number;
  /** Most conditions in one search criteria (default 10, as documented): more answer CRITERIA_LIMIT_EXCEEDED. */
  maxCriteria?: number;
  /** Most entries kept in `requests` (default 100,000); past it the oldest half is dropped. */
  requestLogLimit?: number;
  /** Attachments larger than this many bytes answer 413 FILE_TOO_LARGE (default 100 MB, Zoho CRM's limit). */
  attachmentLimitBytes?: number;
  /** Bulk read jobs (CRM): records per job (Zoho: 200,000), status checks before COMPLETED, forced failures. */
  bulkRead?: Partial<BulkReadSettings>;
}

export interface RequestLog {
  method: string;
  /** The whole path, prefix included: /crm/v8/Leads. */
  path: string;
  query: Record<string, string>;
  /** The body, parsed as JSON when it is JSON. */
  body?: unknown;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The route that served it, as in the route table: "GET /{module}/search". */
  route?: string;
  fault?: FaultKind;
  /** The status sent; absent when no status line was sent (resets, a slow answer never sent). */
  status?: number;
}

export interface MockGateway {
  /** http://127.0.0.1:PORT: the client's `baseUrl` (the gateway's paths, /crm/v8/... or /bigin/v2/..., and Maton's /connections). */
  url: string;
  /** The key the mock accepts. */
  apiKey: string;
  /** The records: seed and inspect them. */
  store: MockStore;
  /** Every request, in arrival order. */
  requests: RequestLog[];
  /** Change the fault rules while the mock runs. */
  faults: FaultControl;
  /** The ACTIVE connection the mock starts with (what the gateway uses without a Maton-Connection header). */
  connectionId: string;
  /** Maton's connections: list them, and finish or fail the OAuth of one a test created. */
  connections: {
    list(): readonly MockConnection[];
    activate(id: string): void;
    fail(id: string): void;
  };
  stats(): { requests: number; faults: Record<string, number>; maxInFlight: number };
  /** Every page_token issued so far answers EXPIRED_VALUE from now on. */
  expirePageTokens(): void;
  /** Replaces the org (to test against a changed one, e.g. `zohokit typegen --check`); the records stay. */
  setOrg(org: string | OrgSnapshot): Promise<void>;
  /** Closes the server, drops open connections and clears timers. */
  close(): Promise<void>;
}

const PREFIX: Record<App, string> = { crm: "/crm/v8", bigin: "/bigin/v2" };
const MATON_APP: Record<App, string> = { crm: "zoho-crm", bigin: "zoho-bigin" };
const DAY_MS = 24 * 60 * 60 * 1000;
/** Zoho CRM's documented limit per attached file. */
const DEFAULT_ATTACHMENT_LIMIT = 100 * 1024 * 1024;

type Surface = "zoho" | "maton";

const isMultipart = (req: IncomingMessage) =>
  /^multipart\/form-data/i.test(req.headers["content-type"] ?? "");

/** The body for the request log: JSON when it is JSON, a summary of a multipart upload, else the text. */
function loggedBody(req: IncomingMessage, raw: Buffer): unknown {
  if (isMultipart(req)) return `[multipart/form-data, ${raw.length} bytes]`;
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function checkOptions(options: MockGatewayOptions): void {
  if (options === null || typeof options !== "object")
    throw new TypeError('startMockGateway needs { app: "crm" | "bigin" }');
  if (options.app !== "crm" && options.app !== "bigin") {
    throw new TypeError(`app must be "crm" or "bigin", got ${JSON.stringify(options.app)}`);
  }
  const whole = (name: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
      throw new RangeError(`${name} must be a whole number within 0..${max}, got ${value}`);
    }
  };
  whole("seed", options.seed, 2 ** 32 - 1);
  whole("latencyMs", options.latencyMs);
  whole("port", options.port, 65_535);
  whole("pageTokenTtlMs", options.pageTokenTtlMs);
  whole("maxCriteria", options.maxCriteria);
  whole("requestLogLimit", options.requestLogLimit);
  whole("attachmentLimitBytes", options.attachmentLimitBytes);
  // The clients refuse keys shorter than 8 printable ASCII characters: a key the mock takes must be one they send.
  if (
    options.apiKey !== undefined &&
    (typeof options.apiKey !== "string" || !/^[\x21-\x7e]{8,}$/.test(options.apiKey))
  ) {
    throw new TypeError(
      "apiKey must be at least 8 printable ASCII characters, without spaces (as the clients require)",
    );
  }
  if (options.defaultSortOrder !== undefined && !["asc", "desc"].includes(options.defaultSortOrder)) {
    throw new TypeError(
      `defaultSortOrder must be "asc" or "desc", got ${JSON.stringify(options.defaultSortOrder)}`,
    );
  }
}

/** Starts the mock gateway on a loopback port. */
export async function startMockGateway(options: MockGatewayOptions): Promise<MockGateway> {
  checkOptions(options);
  const app = options.app;
  const prefix = PREFIX[app];
  const latencyMs = options.latencyMs ?? 0;
  const logLimit = Math.max(2, options.requestLogLimit ?? 100_000);
  const random = options.seed === undefined ? undefined : mulberry32(options.seed ^ 0x5eed);
  const apiKey = options.apiKey ?? `mock_${bytesFrom(random, 18).toString("base64url")}`;

  const covered = options.scopes === undefined ? undefined : scopeChecker(app, options.scopes);
  const org = await resolveOrg(app, options.org);
  const store = new RecordStore(org);
  const state: GatewayState = {
    app,
    org,
    store,
    groups: new GroupStore(),
    tokens: new PageTokens(options.pageTokenTtlMs ?? DAY_MS, random),
    connections: new ConnectionBook(random),
    faults: new FaultPlan(options.faults ?? [], options.seed ?? 0),
    settings: {
      requirePipelineId: options.requirePipelineId ?? true,
      maxCriteria: options.maxCriteria ?? 10,
      defaultSortOrder: options.defaultSortOrder ?? "desc",
      attachmentLimitBytes: options.attachmentLimitBytes ?? DEFAULT_ATTACHMENT_LIMIT,
      bulkRead: {
        perPage: 200_000,
        pollsToComplete: 2,
        failJobs: false,
        corruptResults: false,
        ...options.bulkRead,
      },
    },
  };
  for (const [module, records] of Object.entries(options.records ?? {})) store.add(module, records);
  const connectionId = state.connections.create(MATON_APP[app], "ACTIVE")!.connection_id;

  const requests: RequestLog[] = [];
  const faultCounts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const sleepers = new Sleepers();
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let closed = false;

  function authorized(req: IncomingMessage): boolean {
    const auth = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/.exec(auth);
    return match !== null && (options.acceptAnyKey === true || match[1] === apiKey);
  }

  /** Which surface and route a request is for: the app's routes under the prefix, Maton's at the root. */
  function locate(method: string, pathname: string) {
    // Bulk read lives at /crm/bulk/v8, beside the prefix; its routes are listed as /bulk/v8/...
    const bulk = app === "crm" && pathname.startsWith("/crm/bulk/v8/");
    const zoho = bulk || pathname.startsWith(`${prefix}/`);
    const surface: Surface = zoho
      ? "zoho"
      : pathname === "/connections" || pathname.startsWith("/connections/")
        ? "maton"
        : "zoho";
    const relative = bulk ? pathname.slice("/crm".length) : zoho ? pathname.slice(prefix.length) : pathname;
    const segments = zoho || surface === "maton" ? pathSegments(relative) : undefined;
    const found = segments
      ? findRoute(surface === "zoho" ? GATEWAY_ROUTES : MATON_ROUTES, app, method, segments)
      : undefined;
    return { surface, relative, found };
  }

  function answer(
    req: IncomingMessage,
    surface: Surface,
    found: ReturnType<typeof findRoute>,
    query: Query,
    raw: Buffer,
  ): Reply {
    if (!authorized(req)) return surface === "zoho" ? invalidToken() : matonUnauthorized();
    if (found === undefined) return surface === "zoho" ? invalidUrlPattern() : matonUrlNotFound();
    if (found === "method") return surface === "zoho" ? invalidRequestMethod() : matonUrlNotFound();
    if (surface === "zoho" && options.acceptAnyKey !== true) {
      const named = req.headers["maton-connection"];
      const connection = state.connections.resolve(
        MATON_APP[app],
        typeof named === "string" ? named : undefined,
      );
      if (!connection) return connectionNotFound(MATON_APP[app], named !== undefined);
    }
    const scope = found.route.scope;
    if (covered && scope) {
      const sub = scope.sub === "{module}" ? found.params.module : scope.sub;
      if (!covered({ ...scope, ...(sub !== undefined ? { sub } : {}) })) return scopeMismatch(app);
    }
    let body: unknown;
    const method = req.method ?? "GET";
    if (
      (method === "POST" || method === "PUT" || method === "PATCH") &&
      raw.length > 0 &&
      !isMultipart(req)
    ) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return surface === "zoho" ? invalidBody() : matonBadRequest("The body is not valid JSON.");
      }
    }
    return found.route.handle({
      method,
      params: found.params,
      query,
      body,
      rawBody: raw,
      headers: req.headers,
      state,
    });
  }

  function send(
    res: ServerResponse,
    entry: RequestLog,
    reply: {
      status: number;
      contentType: string;
      body: string | Uint8Array;
      headers?: Record<string, string>;
    },
  ): void {
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string | number> = { "Content-Type": reply.contentType, ...reply.headers };
    const empty = reply.status === 204 || reply.status === 304;
    if (!empty) headers["Content-Length"] = Buffer.byteLength(reply.body);
    entry.status = reply.status;
    res.writeHead(reply.status, headers);
    res.end(empty ? undefined : reply.body);
  }

  /** A valid status line and the full Content-Length, then half of the body and a closed socket. */
  function sendTruncated(
    res: ServerResponse,
    entry: RequestLog,
    status: number,
    body: string | Uint8Array,
    contentType: string,
  ): void {
    const bytes = Buffer.from(body);
    if (res.destroyed || bytes.length === 0) {
      resetSocket(res.socket ?? res.req.socket);
      return;
    }
    entry.status = status;
    res.writeHead(status, { "Content-Type": contentType, "Content-Length": bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
  }

  function log(entry: RequestLog): void {
    if (requests.length >= logLimit) requests.splice(0, Math.floor(logLimit / 2));
    requests.push(entry);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requestCount++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    res.once("close", () => {
      if (!finished) inFlight--;
      finished = true;
    });

    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query: Query = Object.fromEntries(url.searchParams);
    const entry: RequestLog = { method, path: url.pathname, query, at: Date.now() };
    log(entry);
    const { surface, relative, found } = locate(method, url.pathname);
    if (found && found !== "method") entry.route = `${found.route.method} ${found.route.path}`;
    const fault: PickedFault | undefined = state.faults.pick({ method, path: relative });
    if (fault) {
      entry.fault = fault.kind;
      faultCounts[fault.kind] = (faultCounts[fault.kind] ?? 0) + 1;
    }
    if (fault?.kind === "reset-before") return resetSocket(req.socket);

    const raw = await readBody(req);
    if (raw === undefined || closed) return;
    if (raw.length > 0) entry.body = loggedBody(req, raw);
    if (fault?.kind === "slow") {
      // Without a delay the answer never comes; the socket closes with the client or close().
      if (fault.delayMs === undefined || !(await sleepers.sleep(fault.delayMs))) return;
    }
    if (latencyMs > 0 && !(await sleepers.sleep(latencyMs))) return;
    if (closed) return;

    const canned = fault ? cannedFaultResponse(fault.kind, surface) : undefined;
    if (canned) {
      const retryAfter =
        fault?.kind === "429" && fault.retryAfterSeconds !== undefined
          ? { "Retry-After": String(fault.retryAfterSeconds) }
          : undefined;
      return send(res, entry, { ...canned, ...(retryAfter ? { headers: retryAfter } : {}) });
    }

    let reply: Reply;
    try {
      reply = answer(req, surface, found, query, raw);
    } catch {
      reply = zohoError(500, "INTERNAL_ERROR", "Internal Server Error");
    }
    const body = reply.bytes ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
    const contentType = reply.bytes ? (reply.contentType ?? "application/octet-stream") : JSON_TYPE;
    if (fault?.kind === "reset-after") return resetSocket(req.socket);
    if (fault?.kind === "truncated-json") return sendTruncated(res, entry, reply.status, body, contentType);
    send(res, entry, {
      status: reply.status,
      contentType,
      body,
      ...(reply.headers ? { headers: reply.headers } : {}),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  const url = await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);

  let closing: Promise<void> | undefined;
  return {
    url,
    apiKey,
    store,
    requests,
    faults: state.faults,
    connectionId,
    connections: {
      list: () => state.connections.all(),
      activate: (id) => state.connections.setStatus(id, "ACTIVE"),
      fail: (id) => state.connections.setStatus(id, "FAILED"),
    },
    stats: () => ({ requests: requestCount, faults: { ...faultCounts }, maxInFlight }),
    expirePageTokens: () => state.tokens.expireAll(),
    async setOrg(next) {
      const model = await resolveOrg(app, next);
      state.org = model;
      store.useOrg(model);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        sleepers.wakeAll();
        // One more turn of the event loop lets libuv release the closed handles before we resolve.
        server.close(() => setImmediate(resolve));
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
