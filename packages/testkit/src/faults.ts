/**
 * Fault injection for the fake Zoho server: which request gets which fault (a seeded, deterministic plan) and
 * the canned bodies of the faults that answer without touching the records.
 */

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

export interface FaultPlan {
  /** Seed of the PRNG (mulberry32): the same seed and request order give the same faults. */
  seed: number;
  /** Probability, 0..1, that a request gets a fault. */
  rate: number;
  /** Chosen uniformly among these when a request gets a fault. */
  kinds: FaultKind[];
  /** The first `count` requests get `kind` (e.g. a 429 storm), before the random plan starts. */
  firstN?: { count: number; kind: FaultKind };
}

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

/** mulberry32: a tiny 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkKind(kind: unknown): asserts kind is FaultKind {
  if (!FAULT_KINDS.includes(kind as FaultKind)) throw new TypeError(`unknown fault kind: ${String(kind)}`);
}

/**
 * Returns a function that decides the fault of the n-th request (1-based, in arrival order). Every request
 * consumes exactly two PRNG draws, so the random part of the sequence does not depend on `firstN`.
 */
export function createFaultPicker(
  plan: FaultPlan | undefined,
): (requestNumber: number) => FaultKind | undefined {
  if (!plan) return () => undefined;
  if (!Number.isFinite(plan.rate) || plan.rate < 0 || plan.rate > 1) {
    throw new RangeError(`fault rate must be within 0..1, got ${plan.rate}`);
  }
  for (const kind of plan.kinds) checkKind(kind);
  if (plan.rate > 0 && plan.kinds.length === 0) throw new TypeError("fault rate > 0 needs at least one kind");
  if (plan.firstN) checkKind(plan.firstN.kind);
  const random = mulberry32(plan.seed);
  const firstCount = plan.firstN ? Math.max(0, Math.floor(plan.firstN.count)) : 0;
  return (requestNumber) => {
    const hit = random();
    const pick = random();
    if (plan.firstN && requestNumber <= firstCount) return plan.firstN.kind;
    if (hit >= plan.rate || plan.kinds.length === 0) return undefined;
    return plan.kinds[Math.min(plan.kinds.length - 1, Math.floor(pick * plan.kinds.length))];
  };
}

/** Faults that answer (or hang, or reset) without applying the request. */
export function appliesRequest(kind: FaultKind | undefined): boolean {
  return kind === undefined || kind === "reset-after" || kind === "truncated-json";
}

export interface CannedResponse {
  status: number;
  contentType: string;
  body: string;
}

const HTML_502 =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n" +
  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

const JSON_TYPE = "application/json;charset=UTF-8";

function errorJson(code: string, message: string): string {
  return JSON.stringify({ code, details: {}, message, status: "error" });
}

/** The response of a fault that answers without applying the request; undefined for the other kinds. */
export function cannedFaultResponse(kind: FaultKind): CannedResponse | undefined {
  switch (kind) {
    case "429":
      return {
        status: 429,
        contentType: JSON_TYPE,
        body: errorJson("TOO_MANY_REQUESTS", "Too many requests. Please try again later."),
      };
    case "500":
      return {
        status: 500,
        contentType: JSON_TYPE,
        body: errorJson("INTERNAL_ERROR", "Internal Server Error"),
      };
    case "502":
      return {
        status: 502,
        contentType: JSON_TYPE,
        body: errorJson("SERVICE_UNAVAILABLE", "Service temporarily unavailable"),
      };
    case "503":
      return {
        status: 503,
        contentType: JSON_TYPE,
        body: errorJson("SERVICE_UNAVAILABLE", "Service temporarily unavailable for maintenance"),
      };
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
