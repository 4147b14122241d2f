/**
 * The notification handler on Node's http server and on frameworks built on it (Express, Fastify's raw request):
 * the request is turned into a Fetch API Request, the handler's Response written back. Typed by shape, so the
 * package needs no Node types.
 */

/** What toNodeListener reads of a request: node:http's IncomingMessage, or a framework's request built on it. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A body a framework's parser already read (express.json(), express.text(), express.raw()). */
  body?: unknown;
}

/** What toNodeListener writes to: node:http's ServerResponse. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: Uint8Array): unknown;
}

const encoder = new TextEncoder();

function headersOf(raw: NodeRequestLike["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** The request body as a stream pulled from the request, read only as far as the handler reads it. */
function streamOf(request: NodeRequestLike): ReadableStream<Uint8Array> {
  const chunks = request[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

/** A body a framework already parsed, as the bytes the handler reads (an object as JSON, text as UTF-8). */
function parsedBody(body: unknown): BodyInit {
  if (typeof body === "string") return body;
  // A copy, so the bytes sit in an ArrayBuffer of their own (a Buffer may share a pooled one).
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return JSON.stringify(body);
}

function requestOf(request: NodeRequestLike): Request {
  const method = request.method ?? "GET";
  const headers = headersOf(request.headers);
  const url = `http://${headers.get("host") ?? "localhost"}${request.url ?? "/"}`;
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  if (request.body !== undefined)
    return new Request(url, { method, headers, body: parsedBody(request.body) });
  // `duplex` is what a streamed request body needs; TypeScript's RequestInit does not have it yet.
  return new Request(url, { method, headers, body: streamOf(request), duplex: "half" } as RequestInit);
}

/**
 * `createServer(toNodeListener(handler))`, or `app.post("/zoho", toNodeListener(handler))` in Express: answers
 * each request with what the Fetch API handler answers. A request it cannot turn into a Request (a malformed URL
 * or header) gets a 400, a handler that throws a 500 (so Zoho sends the callback again).
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: NodeRequestLike, response: NodeResponseLike) => Promise<void> {
  return async (request, response) => {
    let answer: Response;
    let built: Request | undefined;
    try {
      built = requestOf(request);
    } catch {
      answer = failure(400, "malformed request (its URL or a header)");
    }
    if (built) {
      try {
        answer = await handler(built);
      } catch {
        answer = failure(500, "the handler failed");
      }
    }
    response.statusCode = answer!.status;
    answer!.headers.forEach((value, name) => {
      response.setHeader(name, value);
    });
    response.end(new Uint8Array(await answer!.arrayBuffer()));
  };
}

const failure = (status: number, message: string) =>
  new Response(JSON.stringify({ status: "error", message }), {
    status,
    headers: { "content-type": "application/json" },
  });
