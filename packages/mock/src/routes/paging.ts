/**
 * What the lists of the API groups share: the If-Modified-Since header, and paging a list held in memory by page
 * and per_page (and page_token past 2,000, where the route takes one).
 */

import { createHash } from "node:crypto";
import { isReply, type Reply, zohoError } from "../errors.js";
import type { RouteContext } from "../router.js";
import { zohoTime } from "../values.js";
import { MAX_PER_PAGE, parseCount } from "./shared.js";

const DISCRETE_LIMIT = 2000;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The time of the If-Modified-Since header in ms; undefined without one. Zoho reads ISO 8601 with an offset; the
 * mock also takes an HTTP date.
 */
export function modifiedSince(ctx: RouteContext): number | undefined | Reply {
  const raw = ctx.headers["if-modified-since"];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0]! : raw;
  const ms = ISO.test(text.trim()) || /GMT$/.test(text.trim()) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    return zohoError(400, "INVALID_DATA", "invalid data", { param_name: "If-Modified-Since" });
  }
  return ms;
}

/** Whether a record's time (Modified_Time, deleted_time) is after the If-Modified-Since time. */
export function after(value: unknown, since: number): boolean {
  return typeof value === "string" && Date.parse(value) > since;
}

/** The 304 of a list read with If-Modified-Since that found nothing new, else the 204 of an empty list. */
export function nothing(since: number | undefined): Reply {
  return { status: since === undefined ? 204 : 304 };
}

export interface PageOptions {
  /** The route takes page_token past 2,000 items. */
  tokens: boolean;
  /** What the list depends on besides the page (a token is bound to it). */
  binding: readonly unknown[];
  /** Empty: 304 when read with If-Modified-Since, else 204. */
  since?: number | undefined;
}

/** One page of `items` by page/per_page (and page_token), with Zoho's `info`; 204 (or 304) when empty. */
export function pageOf<T>(
  ctx: RouteContext,
  items: readonly T[],
  options: PageOptions,
): Reply | { slice: T[]; info: Record<string, unknown> } {
  const { query, state } = ctx;
  const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
  if (isReply(perPage)) return perPage;
  const page = parseCount(query, "page", 1, 1_000_000);
  if (isReply(page)) return page;
  const binding = createHash("sha256")
    .update(JSON.stringify([ctx.method, ctx.params, perPage, options.binding]))
    .digest("base64url")
    .slice(0, 16);
  let offset = (page - 1) * perPage;
  if (options.tokens && query.page_token !== undefined) {
    const fromToken = state.tokens.read(query.page_token, binding);
    if (isReply(fromToken)) return fromToken;
    offset = fromToken;
  } else if (options.tokens && page * perPage > DISCRETE_LIMIT) {
    return zohoError(
      400,
      "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
      "You can only get the first 2000 records without using page_token param",
      { limit: DISCRETE_LIMIT },
    );
  }
  const slice = items.slice(offset, offset + perPage);
  if (slice.length === 0) return nothing(options.since);
  const more = offset + slice.length < items.length;
  const info: Record<string, unknown> = {
    per_page: perPage,
    count: slice.length,
    page: Math.floor(offset / perPage) + 1,
    more_records: more,
  };
  if (options.tokens) {
    const next = more ? state.tokens.issue(offset + perPage, binding) : undefined;
    info.next_page_token = next?.token ?? null;
    info.page_token_expiry = next ? zohoTime(next.expiry) : null;
  }
  return { slice, info };
}
