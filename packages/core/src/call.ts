import type { Effect } from "./retry-policy.js";
import type { Query } from "./url.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a call sends: JSON, a multipart form (uploads), or nothing. */
export type CallBody = { json: unknown } | { form: FormData };

/**
 * A call is data: the one request function of core (CoreClient.request) sends it. `path` is a path template of the
 * app's spec; `effect` says what repeating it would do (by default, by method): core decides from it, once, whether
 * an attempt may be repeated.
 */
export interface Call<Path extends string = string> {
  method: Method;
  path: Path;
  params?: Readonly<Record<string, string>>;
  query?: Query;
  headers?: Readonly<Record<string, string>>;
  body?: CallBody;
  effect?: Effect;
  /** records.create's retryUnsafe: send a create again after an attempt that may have been applied. */
  repeatUnsafe?: boolean;
  signal?: AbortSignal | undefined;
  /** "stream": a 2xx body is handed back unread, as `stream` (downloads). Default: parsed JSON. */
  read?: "json" | "stream";
  /** Error statuses answered as replies instead of thrown ApiErrors (a write's 400 carries per-item results). */
  accept?: (status: number) => boolean;
  /** Values of this call to redact like the key wherever they could appear (Maton connection ids in paths). */
  secrets?: readonly string[];
}

/** What a call comes back as. */
export interface Reply<Body = unknown> {
  status: number;
  /** Parsed JSON; undefined for 204, 304 and empty bodies. */
  body: Body;
  headers: Headers;
  /** True when an earlier attempt may have been applied before this answer (a 5xx, a lost connection). */
  repeated: boolean;
  /** Attempts made, this one included. */
  attempts: number;
  /** For `read: "stream"`: the body, unread. */
  stream?: ReadableStream<Uint8Array>;
}
