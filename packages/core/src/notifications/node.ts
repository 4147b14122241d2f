/**
 * The notification handler on Node's http server and on frameworks built on it (Express): the request is turned
 * into a Fetch API Request, the handler's Response written back. Typed by shape, so the package needs no Node types.
 */

/** What toNodeListener reads of a request: node:http's IncomingMessage, or a framework's request built on it. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** True once something (a framework's body parser) has read the whole body. */
  readableEnded?: boolean;
  /** The body a framework's parser read (express.json(), express.text(), express.raw()), used when it read it all. */
  body?: unknown;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** What toNodeListener writes to: node:http's ServerResponse. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(body?: Uint8Array): unknown;
  destroy?(): unknown;
}

const encoder = new TextEncoder();

function headersOf(raw: NodeRequestLike["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    // HTTP/2 pseudo-headers (:method, :authority, ...) are not headers a Request takes.
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The request body as a stream, read only as fast as the handler reads it. When the handler stops early (a body
 * over its size cap), the rest is read and dropped by Node, so the answer still reaches the client.
 */
function streamOf(request: NodeRequestLike, done: { discard?: () => void }): ReadableStream<Uint8Array> {
  let cancelled = false;
  const discard = () => {
    cancelled = true;
    request.resume();
  };
  done.discard = discard;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      request.on("data", (chunk) => {
        if (cancelled) return;
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        if ((controller.desiredSize ?? 0) <= 0) request.pause();
      });
      request.on("end", () => {
        if (!cancelled) controller.close();
      });
      request.on("error", (error) => {
        if (!cancelled) controller.error(error);
      });
      request.pause();
    },
    pull() {
      request.resume();
    },
    cancel: discard,
  });
}

/** A body a framework already parsed, as the bytes the handler reads (an object as JSON, text as UTF-8). */
function parsedBody(body: unknown): BodyInit {
  if (typeof body === "string") return body;
  // A copy, so the bytes sit in an ArrayBuffer of their own (a Buffer may share a pooled one).
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return JSON.stringify(body ?? null);
}

function requestOf(request: NodeRequestLike, done: { discard?: () => void }): Request {
  const method = request.method ?? "GET";
  const headers = headersOf(request.headers);
  const host = headers.get("host") ?? first(request.headers[":authority"]) ?? "localhost";
  const url = new URL(request.url ?? "/", `http://${host}`);
  // Checked before the body is touched: a request refused here leaves its body to Node.
  const bare = new Request(url, { method, headers });
  if (method === "GET" || method === "HEAD") return bare;
  if (request.readableEnded === true) {
    return new Request(url, { method, headers, body: parsedBody(request.body) });
  }
  // `duplex` is what a streamed request body needs; TypeScript's RequestInit does not have it yet.
  return new Request(url, { method, headers, body: streamOf(request, done), duplex: "half" } as RequestInit);
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const failure = (status: number, message: string) =>
  new Response(JSON.stringify({ status: "error", message }), {
    status,
    headers: { "content-type": "application/json" },
  });

async function answerOf(
  handler: (request: Request) => Promise<Response>,
  request: NodeRequestLike,
  done: { discard?: () => void },
): Promise<Response> {
  let built: Request;
  try {
    built = requestOf(request, done);
  } catch {
    return failure(400, "malformed request (its URL, method or a header)");
  }
  try {
    const answer = await handler(built);
    return answer instanceof Response ? answer : failure(500, "the handler answered no Response");
  } catch {
    return failure(500, "the handler failed");
  }
}

async function write(response: NodeResponseLike, answer: Response): Promise<void> {
  const body = new Uint8Array(await answer.arrayBuffer());
  response.statusCode = answer.status;
  const cookies = answer.headers.getSetCookie();
  answer.headers.forEach((value, name) => {
    if (name !== "set-cookie") response.setHeader(name, value);
  });
  if (cookies.length > 0) response.setHeader("set-cookie", cookies);
  response.end(body);
}

/**
 * `createServer(toNodeListener(handler))`, or `app.post("/zoho", toNodeListener(handler))` in Express: answers
 * each request with what the Fetch API handler answers. A request it cannot turn into a Request (a malformed URL,
 * method or header) gets a 400, a handler that throws a 500 (so Zoho sends the callback again). The returned
 * promise never rejects: an answer that cannot be written ends the connection.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  return async (request, response) => {
    // Whatever of the body the handler left unread is read and dropped once it answered, so the connection goes on.
    const done: { discard?: () => void } = {};
    try {
      const answer = await answerOf(handler, request, done);
      done.discard?.();
      await write(response, answer);
    } catch {
      done.discard?.();
      try {
        if (response.headersSent) response.destroy?.();
        else await write(response, failure(500, "the answer could not be written"));
      } catch {
        response.destroy?.();
      }
    }
  };
}
