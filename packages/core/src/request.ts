/**
 * What openapi-fetch builds zohokit's requests as: the URL and the RequestInit, kept as given. A real Request costs
 * more than the rest of a call (undici copies the headers and links a signal, then fetch() does it all again on a
 * copy); the transport passes the URL and init to fetch once instead.
 */
export interface PlainRequest {
  readonly url: string;
  readonly init: RequestInit;
  readonly method: string;
  readonly signal: AbortSignal | undefined;
}

/**
 * The `Request` option of zohokit's openapi-fetch clients. Middleware registered with `use` is handed real Requests
 * (it may clone or replace them), so once any is registered every request is built as one.
 */
export function requestClass(withMiddleware: () => boolean): typeof Request {
  // biome-ignore lint/complexity/useArrowFunction: openapi-fetch calls it with `new`, which an arrow function refuses.
  const build = function (url: string, init: RequestInit): Request | PlainRequest {
    if (withMiddleware()) return new Request(url, init);
    return { url, init, method: init.method ?? "GET", signal: init.signal ?? undefined };
  };
  // openapi-fetch accepts a Request that middleware returns if it is `instanceof` this option.
  build.prototype = Request.prototype;
  return build as unknown as typeof Request;
}
