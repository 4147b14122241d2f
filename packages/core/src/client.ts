import createFetchClient, { type Client, createQuerySerializer } from "openapi-fetch";
import type { ApiError } from "./errors.js";
import { type HttpErrorContext, httpError } from "./http-error.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createRedactor, type Redactor } from "./redact.js";
import { requestClass } from "./request.js";
import { createTransport, requestOf, type Transport, type TransportHooks } from "./transport.js";

/** What an openapi-fetch call resolves to, reduced to what zohokit reads. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface CoreClientDefaults {
  /** The app's gateway URL, used when options.baseUrl is not given. */
  baseUrl: string;
  /** An app-specific hint appended to error messages (Bigin's OAuth scopes per module). */
  hint?: HttpErrorContext["hint"];
  hooks?: TransportHooks;
}

export interface CoreClient<Paths extends {}> {
  /** The typed openapi-fetch client, with zohokit's auth, retries, rate limiting and timeouts. */
  raw: Client<Paths>;
  transport: Transport;
  options: Readonly<Omit<ResolvedOptions, "apiKey">>;
  redact: Redactor;
  /** Awaits an openapi-fetch call: the data and status on success, an ApiError otherwise. */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<{ data: T | undefined; status: number }>;
  toError(status: number, body: unknown, method: string, path: string): ApiError;
}

/** The shared core of every zohokit client: options, auth headers, transport and error mapping. */
export function createCoreClient<Paths extends {}>(
  options: ClientOptions,
  defaults: CoreClientDefaults,
): CoreClient<Paths> {
  const resolved = resolveOptions(options, defaults.baseUrl);
  const redact = createRedactor([resolved.apiKey, resolved.connection]);
  const transport = createTransport(resolved, redact, defaults.hooks);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${resolved.apiKey}`,
    Accept: "application/json",
  };
  if (resolved.connection !== undefined) headers["Maton-Connection"] = resolved.connection;
  let middleware = false;
  const raw = createFetchClient<Paths>({
    baseUrl: resolved.baseUrl,
    fetch: transport.fetch,
    headers,
    // openapi-fetch's default, made once rather than on every call.
    querySerializer: createQuerySerializer(),
    Request: requestClass(() => middleware),
  });
  const use = raw.use;
  raw.use = (...added) => {
    middleware = true;
    use(...added);
  };

  const toError = (status: number, body: unknown, method: string, path: string): ApiError =>
    httpError(status, body, { method, path, redact, hint: defaults.hint });

  const { apiKey: _hidden, ...visible } = resolved;
  return {
    raw,
    transport,
    options: Object.freeze(visible),
    redact,
    toError,
    async unwrap(call) {
      const { data, error, response } = await call;
      if (!response.ok) {
        const request = requestOf(response);
        const path = request ? new URL(request.url).pathname : "(unknown path)";
        throw toError(response.status, error, request?.method ?? "request", path);
      }
      return { data, status: response.status };
    },
  };
}
