export type QueryValue = string | number | boolean | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/** `/crm/v8/{module_api_name}` with `{ module_api_name: "Leads" }`: each parameter percent-encoded. */
export function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`path parameter ${name} of ${template} is missing`);
    return encodeURIComponent(value);
  });
}

/** `?a=1&b=x%2Cy`, skipping undefined values; names and values percent-encoded as openapi-fetch does. */
export function queryString(query: Query | undefined): string {
  if (!query) return "";
  let out = "";
  for (const name in query) {
    const value = query[name];
    if (value === undefined) continue;
    out += `${out ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return out;
}
