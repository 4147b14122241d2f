import createFetchClient, { type Client } from "openapi-fetch";
import { tokenSender } from "./auth/send.js";
import type { Call, Reply } from "./call.js";
import { type Hint, httpError } from "./error-body.js";
import type { ApiError } from "./errors.js";
import { clientLimiter } from "./limiter.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createLiveRedactor, createRedactor, type Redactor } from "./redact.js";
import { effectOf } from "./retry-policy.js";
import { createTransport, type Delivered, type Sendable, type Transport } from "./transport.js";
import { fillPath, queryString } from "./url.js";

/** What an openapi-fetch call resolves to, reduced to what zohokit reads. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What an app package gives core: its gateway URL and its error hints. */
export interface AppDefaults {
  /** The app's gateway URL, used when options.baseUrl is not given. */
  baseUrl: string;
  /** An app-specific hint appended to error messages (Bigin's OAuth scopes per module). */
  hint?: Hint;
}

type JsonOf<Response> = Response extends { content: { "application/json": infer Body } } ? Body : undefined;

/** The JSON body a spec documents for an operation's success (200, else 201); undefined for none. */
export type OkBody<Paths, P, M extends string> = P extends keyof Paths
  ? Paths[P] extends { [K in Lowercase<M>]: { responses: infer Responses } }
    ? 200 extends keyof Responses
      ? JsonOf<Responses[200]>
      : 201 extends keyof Responses
        ? JsonOf<Responses[201]>
        : unknown
    : unknown
  : unknown;

export interface CoreClient<Paths extends {}> {
  /**
   * The one request function: sends a call and hands back its answer, or throws an ApiError. The path must be one
   * of the spec's; the body is typed as the spec documents the success (undefined on 204).
   */
  request<P extends keyof Paths & string, M extends Call["method"]>(
    call: Call<P> & { method: M },
  ): Promise<Reply<OkBody<Paths, P, M> | undefined>>;
  /** The typed openapi-fetch client of the app's spec, over the same transport. */
  raw: Client<Paths>;
  /** The data of a `raw` call, or the ApiError the helpers would throw for its failure. */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<T | undefined>;
  transport: Transport;
  options: Readonly<Omit<ResolvedOptions, "apiKey" | "auth">>;
  redact: Redactor;
  /** The ApiError of an error answer, as the helpers build it. */
  toError(status: number, body: unknown, method: string, path: string): ApiError;
}

/** The shared core of every zohokit client: options, auth headers, the transport, `raw`, error mapping. */
export function createCoreClient<Paths extends {}>(
  options: ClientOptions,
  defaults: AppDefaults,
): CoreClient<Paths> {
  const resolved = resolveOptions(options, defaults.baseUrl);
  const { baseUrl, apiKey, connection, auth } = resolved;
  // With direct OAuth the secrets are the client secret, the refresh token and every access token obtained.
  const redact = auth ? createLiveRedactor(auth.secrets) : createRedactor([apiKey, connection]);
  const identity = auth ? auth.identity : `${baseUrl}\n${apiKey}\n${connection ?? ""}`;
  const limiter = clientLimiter(resolved.limiter, identity, resolved.maxConcurrency);
  const hint: Hint | undefined = auth
    ? (status, code, path) => auth.hint(status, code) ?? defaults.hint?.(status, code, path)
    : defaults.hint;
  const transport = createTransport(resolved, redact, limiter, hint);
  // With direct OAuth the Authorization header is set per attempt, from the token current then.
  const headers: Record<string, string> = auth
    ? { Accept: "application/json" }
    : { Authorization: `Bearer ${apiKey}`, Accept: "application/json" };
  if (connection !== undefined) headers["Maton-Connection"] = connection;
  const jsonHeaders = { ...headers, "Content-Type": "application/json" };
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const send = auth
    ? tokenSender(auth, transport, { fetch: resolved.fetch, native: resolved.nativeFetch }, resolved.signal)
    : transport.send;

  const toError = (status: number, body: unknown, method: string, path: string): ApiError =>
    httpError(status, body, { method, path, redact, hint });

  async function request(call: Call): Promise<Reply<never>> {
    const callRedact = !call.secrets
      ? redact
      : auth
        ? createLiveRedactor(withCallSecrets(auth.secrets, call.secrets))
        : createRedactor([apiKey, connection, ...call.secrets]);
    const path = fillPath(call.path, call.params);
    const json = call.body && "json" in call.body;
    const sendable: Sendable = {
      method: call.method,
      url: `${baseUrl}${path}${queryString(call.query)}`,
      path: callRedact(path),
      headers: call.headers
        ? { ...(json ? jsonHeaders : headers), ...call.headers }
        : json
          ? jsonHeaders
          : headers,
      body: call.body ? ("json" in call.body ? JSON.stringify(call.body.json) : call.body.form) : undefined,
      stream: call.read === "stream",
      effect: call.effect ?? effectOf(call.method),
      repeatUnsafe: call.repeatUnsafe,
      signal: call.signal,
      accept: call.accept,
      redact: callRedact,
    };
    const { text: _text, cut: _cut, ...reply } = await send(sendable);
    return reply as Reply<never>;
  }

  /** Where each `raw` answer came from, for unwrap's messages. */
  const origins = new WeakMap<Response, { method: string; path: string; attempts: number }>();
  async function rawFetch(input: Request): Promise<Response> {
    const path = redact(new URL(input.url).pathname.slice(basePath.length) || "/");
    const delivered: Delivered = await send({
      method: input.method,
      url: input.url,
      path,
      headers: input.headers,
      body: input.body === null ? undefined : await input.arrayBuffer(),
      stream: false,
      effect: effectOf(input.method),
      signal: input.signal,
      // Every answer goes back to openapi-fetch, which hands error answers to its caller as `error`.
      accept: () => true,
    });
    const responseHeaders = new Headers(delivered.headers);
    responseHeaders.delete("content-encoding");
    responseHeaders.delete("content-length");
    const empty = delivered.status === 204 || delivered.status === 304 || delivered.text === "";
    const response = new Response(empty ? null : delivered.text, {
      status: delivered.status,
      headers: responseHeaders,
    });
    origins.set(response, { method: input.method, path, attempts: delivered.attempts });
    return response;
  }

  const raw = createFetchClient<Paths>({ baseUrl, fetch: rawFetch, headers });

  const { apiKey: _hidden, auth: _auth, ...visible } = resolved;
  return {
    request,
    raw,
    transport,
    options: Object.freeze(visible),
    redact,
    toError,
    async unwrap(call) {
      const { data, error, response } = await call;
      if (response.ok || response.status === 304) return data;
      const origin = origins.get(response);
      throw httpError(response.status, error, {
        method: origin?.method ?? "request",
        path: origin?.path ?? "(a path)",
        redact,
        hint,
        attempts: { made: origin?.attempts ?? 1, retries: resolved.retry.retries > 0 },
      });
    },
  };
}

/** The client's live secrets plus a call's own, the same array until the client's change. */
function withCallSecrets(
  secrets: () => readonly string[],
  extra: readonly string[],
): () => readonly string[] {
  let base: readonly string[] | undefined;
  let combined: readonly string[] = [];
  return () => {
    const now = secrets();
    if (now !== base) {
      base = now;
      combined = [...now, ...extra];
    }
    return combined;
  };
}
