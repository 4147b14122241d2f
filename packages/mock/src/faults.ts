/**
 * Faults on demand: which request gets which fault (rules, seeded and deterministic), the rules a test adds at
 * run time, and the canned answers of the faults that answer without touching the records.
 */

import { mulberry32 } from "./random.js";

export type FaultKind =
  | "429"
  | "500"
  | "502"
  | "503"
  | "reset-before"
  | "reset-after"
  | "slow"
  | "malformed-json"
  | "truncated-json"
  | "html"
  | "empty-200";

export const FAULT_KINDS: readonly FaultKind[] = [
  "429",
  "500",
  "502",
  "503",
  "reset-before",
  "reset-after",
  "slow",
  "malformed-json",
  "truncated-json",
  "html",
  "empty-200",
];

/** What a fault rule sees of a request. */
export interface FaultRequest {
  method: string;
  /** The path under the app prefix (`/Leads/search`), or the whole path for Maton's (`/connections`). */
  path: string;
}

export interface FaultRule {
  /** The fault; with several, each faulted request gets one of them, chosen by the seeded PRNG. */
  kind: FaultKind | readonly FaultKind[];
  /**
   * Which requests: `"POST /Leads"`, `"GET /{module}/search"`, `"/connections"`, `"* /Leads/*"`. The method is
   * optional (`*` is any); in the path, `*` and `{name}` match one segment and a trailing `**` the rest. A function
   * decides for itself. Default: every request.
   */
  match?: string | ((request: FaultRequest) => boolean);
  /** Probability (0..1) that a matching request gets the fault; default 1 (every matching request). */
  rate?: number;
  /** At most this many faults from this rule; default no limit. */
  times?: number;
  /** 429: send `Retry-After: <seconds>` (Zoho sends none; Maton's documentation allows it). */
  retryAfterSeconds?: number;
  /** slow: answer (normally) after this many ms; without it the answer never comes (until `close()`). */
  delayMs?: number;
}

/** The fault chosen for one request. */
export interface PickedFault {
  kind: FaultKind;
  retryAfterSeconds?: number;
  delayMs?: number;
}

/** Changes the fault rules of a running mock (for a user's resilience tests). */
export interface FaultControl {
  /** The next `count` (default 1) requests that match get `kind`, before any other rule. */
  next(
    kind: FaultKind,
    options?: Pick<FaultRule, "match" | "retryAfterSeconds" | "delayMs"> & { count?: number },
  ): void;
  /** Adds a rule after the current ones. */
  add(rule: FaultRule): void;
  /** Removes every rule: no more faults. */
  clear(): void;
  /** The rules in force, in the order they are tried. */
  rules(): readonly FaultRule[];
}

interface CompiledRule {
  rule: FaultRule;
  kinds: readonly FaultKind[];
  matches: (request: FaultRequest) => boolean;
  fired: number;
}

function checkKind(kind: unknown): asserts kind is FaultKind {
  if (!FAULT_KINDS.includes(kind as FaultKind)) {
    throw new TypeError(`unknown fault kind: ${String(kind)} (known: ${FAULT_KINDS.join(", ")})`);
  }
}

function segmentsMatch(pattern: string[], actual: string[]): boolean {
  for (const [i, part] of pattern.entries()) {
    if (part === "**" && i === pattern.length - 1) return true;
    const segment = actual[i];
    if (segment === undefined) return false;
    if (part === "*" || /^\{[^}]*\}$/.test(part)) continue;
    if (part !== segment) return false;
  }
  return pattern.length === actual.length;
}

/** Compiles `"[METHOD ]/path"` into a predicate. */
export function compileMatch(match: FaultRule["match"]): (request: FaultRequest) => boolean {
  if (match === undefined || match === "*") return () => true;
  if (typeof match === "function") return match;
  if (typeof match !== "string") throw new TypeError("a fault rule's match must be a string or a function");
  const parts = match.trim().split(/\s+/);
  const [method, path] = parts.length === 2 ? parts : ["*", parts[0]];
  if (parts.length > 2 || !path || !(path.startsWith("/") || path === "*")) {
    throw new TypeError(
      `a fault rule's match looks like "POST /Leads" or "GET /{module}/search"; got "${match}"`,
    );
  }
  const wantedMethod = method!.toUpperCase();
  const pattern = path === "*" ? ["**"] : path.split("/").slice(1);
  return (request) =>
    (wantedMethod === "*" || request.method.toUpperCase() === wantedMethod) &&
    segmentsMatch(pattern, request.path.split("/").slice(1));
}

function compile(rule: FaultRule): CompiledRule {
  if (rule === null || typeof rule !== "object") throw new TypeError("a fault rule must be an object");
  const kinds = typeof rule.kind === "string" ? [rule.kind] : [...(rule.kind ?? [])];
  if (kinds.length === 0) throw new TypeError("a fault rule needs at least one kind");
  for (const kind of kinds) checkKind(kind);
  if (rule.rate !== undefined && !(Number.isFinite(rule.rate) && rule.rate >= 0 && rule.rate <= 1)) {
    throw new RangeError(`a fault rule's rate must be within 0..1, got ${rule.rate}`);
  }
  for (const [name, value] of [
    ["times", rule.times],
    ["retryAfterSeconds", rule.retryAfterSeconds],
    ["delayMs", rule.delayMs],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`a fault rule's ${name} must be a whole number >= 0, got ${value}`);
    }
  }
  return { rule, kinds, matches: compileMatch(rule.match), fired: 0 };
}

/**
 * The fault rules of one mock. Every request draws exactly two numbers from the PRNG seeded with `seed`, whatever
 * the rules, so the sequence of faults depends only on the seed and the order of requests. The rules are tried in
 * order: a rule without `rate` fires on every matching request (until `times` runs out); rules with a `rate` own
 * consecutive bands of the first number (the first [0, r1), the next [r1, r1 + r2), ...), so their rates add up and
 * a request gets at most one fault. The second number picks among a rule's kinds.
 */
export class FaultPlan implements FaultControl {
  private readonly random: () => number;
  private list: CompiledRule[];

  constructor(rules: readonly FaultRule[] = [], seed = 0) {
    if (!Array.isArray(rules)) throw new TypeError("faults must be an array of fault rules");
    this.random = mulberry32(seed);
    this.list = rules.map(compile);
  }

  pick(request: FaultRequest): PickedFault | undefined {
    const hit = this.random();
    const choice = this.random();
    let band = 0;
    for (const entry of this.list) {
      const { rule } = entry;
      if (!entry.matches(request)) continue;
      const exhausted = rule.times !== undefined && entry.fired >= rule.times;
      if (rule.rate !== undefined) {
        const inBand = hit >= band && hit < band + rule.rate;
        band += rule.rate;
        if (!inBand || exhausted) continue;
      } else if (exhausted) {
        continue;
      }
      entry.fired++;
      const kind = entry.kinds[Math.min(entry.kinds.length - 1, Math.floor(choice * entry.kinds.length))]!;
      if (rule.rate === undefined && rule.times !== undefined && entry.fired >= rule.times) {
        // A spent rule without a rate owns no band: drop it, so `next()` cannot grow the list without bound.
        this.list = this.list.filter((other) => other !== entry);
      }
      return {
        kind,
        ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}),
        ...(rule.delayMs !== undefined ? { delayMs: rule.delayMs } : {}),
      };
    }
    return undefined;
  }

  next(
    kind: FaultKind,
    options: Pick<FaultRule, "match" | "retryAfterSeconds" | "delayMs"> & { count?: number } = {},
  ): void {
    const { count = 1, ...rest } = options;
    if (!(Number.isInteger(count) && count >= 1)) {
      throw new RangeError(`faults.next: count must be a whole number >= 1, got ${count}`);
    }
    this.list.unshift(compile({ ...rest, kind, times: count }));
  }

  add(rule: FaultRule): void {
    this.list.push(compile(rule));
  }

  clear(): void {
    this.list = [];
  }

  rules(): readonly FaultRule[] {
    return this.list.map((entry) => entry.rule);
  }
}

/** Faults that answer (or hang, or reset) without applying the request; `slow` with a delay applies it late. */
export function appliesRequest(fault: PickedFault | undefined): boolean {
  if (!fault) return true;
  if (fault.kind === "slow") return fault.delayMs !== undefined;
  return fault.kind === "reset-after" || fault.kind === "truncated-json";
}

export interface CannedResponse {
  status: number;
  contentType: string;
  body: string;
}

const HTML_502 =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n" +
  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

export const JSON_TYPE = "application/json;charset=UTF-8";

const ERRORS: Record<string, [zoho: [string, string], maton: [string, string]]> = {
  "429": [
    ["RATE_LIMIT_EXCEEDED", "Too many requests. Please try again later."],
    ["RATE_LIMITED", "Too many requests"],
  ],
  "500": [
    ["INTERNAL_ERROR", "Internal Server Error"],
    ["INTERNAL_ERROR", "Internal server error"],
  ],
  "502": [
    ["SERVICE_UNAVAILABLE", "Service temporarily unavailable"],
    ["BAD_GATEWAY", "Bad gateway"],
  ],
  "503": [
    ["SERVICE_UNAVAILABLE", "Service temporarily unavailable for maintenance"],
    ["SERVICE_UNAVAILABLE", "Service temporarily unavailable"],
  ],
};

/**
 * The answer of a fault that answers without applying the request, in Zoho's error shape on the gateway's routes
 * and Maton's on the connection API; undefined for the other kinds.
 */
export function cannedFaultResponse(kind: FaultKind, surface: "zoho" | "maton"): CannedResponse | undefined {
  const error = ERRORS[kind];
  if (error) {
    const [code, message] = error[surface === "zoho" ? 0 : 1];
    const body =
      surface === "zoho" ? { code, details: {}, message, status: "error" } : { error: { code, message } };
    return { status: Number(kind), contentType: JSON_TYPE, body: JSON.stringify(body) };
  }
  switch (kind) {
    case "malformed-json":
      return {
        status: 200,
        contentType: JSON_TYPE,
        body: '{"data": [{"id": "1200000000000000001",, <<garbage',
      };
    case "html":
      return { status: 502, contentType: "text/html", body: HTML_502 };
    case "empty-200":
      return { status: 200, contentType: JSON_TYPE, body: "" };
    default:
      return undefined;
  }
}
