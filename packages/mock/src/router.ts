/**
 * The router: a route is data (method, path template, the spec operation it implements, a handler), the table
 * of all routes is in routes.ts, and this file finds the route of a request. A concrete segment beats a `{param}`,
 * as in Prism, so `/settings/fields` wins over `/{module}/{id}`.
 */

import type { IncomingHttpHeaders } from "node:http";
import type { Reply } from "./errors.js";
import type { FaultPlan } from "./faults.js";
import type { GroupStore } from "./group-store.js";
import type { App, OrgModel } from "./org.js";
import type { PageTokens } from "./page-tokens.js";
import type { ConnectionBook } from "./routes/maton.js";
import type { Operation, ScopeGroup } from "./scopes.js";
import type { RecordStore } from "./store.js";

export type Query = Record<string, string>;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the routes share: the org, the records, the page tokens, Maton's connections, the settings. */
export interface GatewayState {
  app: App;
  org: OrgModel;
  store: RecordStore;
  /** Notes, attachments, tags and related-list links. */
  groups: GroupStore;
  tokens: PageTokens;
  connections: ConnectionBook;
  faults: FaultPlan;
  settings: {
    requirePipelineId: boolean;
    maxCriteria: number;
    defaultSortOrder: "asc" | "desc";
    /** Uploads larger than this answer 413. */
    attachmentLimitBytes: number;
    bulkRead: BulkReadSettings;
  };
}

export interface BulkReadSettings {
  /** Records in one job's file (Zoho: 200,000). */
  perPage: number;
  /** Status checks (GET /read/{job_id}) before the job is COMPLETED. */
  pollsToComplete: number;
  /** Every job ends FAILED. */
  failJobs: boolean;
  /** Result ZIPs are sent with their bytes scrambled. */
  corruptResults: boolean;
}

export interface RouteContext {
  method: string;
  params: Record<string, string>;
  query: Query;
  /** The request body parsed as JSON; undefined when there is none (or it is multipart/form-data). */
  body: unknown;
  /** The request body as sent (multipart uploads). */
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  state: GatewayState;
}

export interface Route {
  method: Method;
  /** The path under the app prefix (`/{module}/search`), or the whole path for Maton's routes (`/connections`). */
  path: string;
  /** The operationId of the spec operation the route implements (checked against specs/bundled by a test). */
  operation: string;
  /** Only for these apps; default: both. */
  apps?: readonly App[];
  /** What a path parameter must look like; default: any segment. */
  params?: Readonly<Record<string, RegExp>>;
  /** The OAuth scope the call needs (`sub: "{module}"`: the module in the path); none for Maton's routes. */
  scope?: { group: ScopeGroup; sub?: string; operations: readonly Operation[] };
  handle(context: RouteContext): Reply;
}

export type RouteMatch = { route: Route; params: Record<string, string> };

function score(route: Route, segments: readonly string[]): { score: number; params: Record<string, string> } {
  const template = route.path.split("/").slice(1);
  if (template.length !== segments.length) return { score: -1, params: {} };
  const params: Record<string, string> = {};
  let total = 0;
  for (const [i, part] of template.entries()) {
    const segment = segments[i]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      const rule = route.params?.[name];
      if (segment === "" || (rule && !rule.test(segment))) return { score: -1, params: {} };
      params[name] = segment;
      total += 0.5;
    } else if (part === segment) {
      total += 1;
    } else {
      return { score: -1, params: {} };
    }
  }
  return { score: total, params };
}

/**
 * The route of a request: the best-scoring route of the method; "method" when only other methods serve the path
 * (INVALID_REQUEST_METHOD); undefined when nothing does (INVALID_URL_PATTERN).
 */
export function findRoute(
  routes: readonly Route[],
  app: App,
  method: string,
  segments: readonly string[],
): RouteMatch | "method" | undefined {
  let best: (RouteMatch & { score: number }) | undefined;
  let otherMethod = false;
  for (const route of routes) {
    if (route.apps && !route.apps.includes(app)) continue;
    const result = score(route, segments);
    if (result.score < 0) continue;
    if (route.method !== method) {
      otherMethod = true;
      continue;
    }
    if (!best || result.score > best.score) best = { route, params: result.params, score: result.score };
  }
  if (best) return { route: best.route, params: best.params };
  return otherMethod ? "method" : undefined;
}

/** `/a/b%20c/` as ["a", "b c"]; undefined when a segment is not valid percent-encoding. */
export function pathSegments(path: string): string[] | undefined {
  try {
    const segments = path.split("/").slice(1).map(decodeURIComponent);
    if (segments.length > 1 && segments.at(-1) === "") segments.pop();
    return segments;
  } catch {
    return undefined;
  }
}
