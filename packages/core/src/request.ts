/**
 * What openapi-fetch builds zohokit's requests as: the URL and the RequestInit, kept as given. A real Request costs
 * more than the rest of a call (undici copies the headers and links a signal, then fetch() does it all again on a
 * copy); the transport passes the URL and init to fetch once instead.
 */
export class PlainRequest {
  // Declared, not initialized: the constructor defines them, so no field definitions are emitted.
  declare readonly url: string;
  declare readonly init: RequestInit;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly body: BodyInit | null;
  declare readonly signal: AbortSignal | undefined;
  declare readonly redirect: RequestRedirect;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    this.headers = init.headers as Headers;
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
    this.redirect = init.redirect ?? "follow";
  }
}

/**
 * The `Request` option of zohokit's openapi-fetch clients. Middleware registered with `use` is handed real Requests
 * (it may clone or replace them), so once any is registered every request is built as one.
 */
export function requestClass(withMiddleware: () => boolean): typeof Request {
  // biome-ignore lint/complexity/useArrowFunction: openapi-fetch calls it with `new`, which an arrow function refuses.
  const build = function (url: string, init: RequestInit) {
    return withMiddleware() ? new Request(url, init) : new PlainRequest(url, init);
  };
  // openapi-fetch accepts a Request that middleware returns if it is `instanceof` this option.
  build.prototype = Request.prototype;
  return build as unknown as typeof Request;
}
