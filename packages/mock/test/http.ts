/** The test's HTTP client for the mock: a request with the mock's key, the answer as text and JSON. */

import type { MockGateway } from "../src/index.js";

export interface Answer {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: test helper reads arbitrary JSON shapes
  json: any;
}

function urlOf(zoho: Pick<MockGateway, "url">, path: string, query: Record<string, string>): URL {
  const url = new URL(path, zoho.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    headers: response.headers,
    text,
    json,
  };
}

/** Calls the mock; `headers` replaces the default Authorization (the mock's key). */
export async function call(
  zoho: Pick<MockGateway, "url" | "apiKey">,
  method: string,
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${zoho.apiKey}` },
): Promise<Answer> {
  const response = await fetch(urlOf(zoho, path, query), {
    method,
    headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answerOf(response);
}

/** Calls the mock with a multipart/form-data body (uploads). */
export async function callForm(
  zoho: Pick<MockGateway, "url" | "apiKey">,
  path: string,
  form: FormData,
  query: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(urlOf(zoho, path, query), {
    method: "POST",
    headers: { Authorization: `Bearer ${zoho.apiKey}` },
    body: form,
  });
  return answerOf(response);
}

/** The escaping a client must apply to a criteria value. */
export const escapeValue = (value: string) => value.replace(/[\\(),]/g, (ch) => `\\${ch}`);
