/** The two sides of every read benchmark: the zohokit client, and raw fetch with the same URL and headers. */
import { createCrmClient } from "@zohokit/crm";
import { LIST_FIELDS, PAGE_SIZE } from "./fixtures.js";

export const API_KEY = "bench-api-key";
export const MODULE = "Leads";
const HEADERS = { Authorization: `Bearer ${API_KEY}`, Accept: "application/json" };

export function benchClient(baseUrl: string, maxConcurrency?: number) {
  return createCrmClient({
    apiKey: API_KEY,
    baseUrl,
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  });
}

/** The list URL the client builds, written by hand. */
export function rawListUrl(baseUrl: string, cursor: { page?: number; pageToken?: string } = {}): string {
  const params = new URLSearchParams({ fields: LIST_FIELDS.join(","), per_page: String(PAGE_SIZE) });
  if (cursor.pageToken !== undefined) params.set("page_token", cursor.pageToken);
  else if (cursor.page !== undefined) params.set("page", String(cursor.page));
  return `${baseUrl}/crm/v8/${MODULE}?${params}`;
}

interface RawPage {
  data: Array<Record<string, unknown>>;
  info: { more_records?: boolean; next_page_token?: string | null };
}

/** One page with raw fetch: the floor of `records.list`. */
export async function rawList(url: string): Promise<RawPage> {
  const response = await fetch(url, { headers: HEADERS });
  if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
  return (await response.json()) as RawPage;
}

/** POSTs one create body with raw fetch: the floor of one request of `records.create`. */
export async function rawCreate(baseUrl: string, body: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}/crm/v8/${MODULE}`, {
    method: "POST",
    headers: { ...HEADERS, "Content-Type": "application/json" },
    body,
  });
  if (response.status !== 201) throw new Error(`raw fetch: HTTP ${response.status}`);
  return response.json();
}
