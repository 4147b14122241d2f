/**
 * The fake Zoho server our tests were written against, now a thin layer over @zohokit/mock: the same options and
 * view (records(), stats(), expireAllTokens()), with the old private defaults: any bearer key, ascending lists,
 * Pipelines without pipeline_id, and records only (the private fake served no org, users or settings: here the
 * connection has only the modules scope, so those answer 401 OAUTH_SCOPE_MISMATCH). New tests should use
 * startMockGateway from @zohokit/mock directly.
 */

import {
  type FaultKind,
  type FaultRule,
  type MockRecord,
  type RequestLog,
  startMockGateway,
} from "@zohokit/mock";

export type { FaultKind, RequestLog } from "@zohokit/mock";
export type FakeRecord = MockRecord;

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

export interface FakeZohoOptions {
  /** Path prefix /crm/v8 (default) or /bigin/v2. */
  app?: "crm" | "bigin";
  /** Initial records per module (each has id: a string of digits). */
  modules?: Record<string, FakeRecord[]>;
  /** Generates N records {id, Last_Name, Email, Created_Time, Modified_Time, Owner} per module. */
  seedRecords?: { module: string; count: number }[];
  /** Added to every response (for bulk-write benchmarks). */
  latencyMs?: number;
  faults?: FaultPlan;
  /** Bigin: GET /bigin/v2/Pipelines without pipeline_id -> 400 REQUIRED_PARAM_MISSING. */
  requirePipelineId?: boolean;
  /** Lifetime of page tokens (default 24 h); expired tokens answer EXPIRED_VALUE. */
  tokenTtlMs?: number;
  /** Most conditions in one search criteria (default 10, as documented) -> CRITERIA_LIMIT_EXCEEDED. */
  maxCriteria?: number;
  /** Most entries kept in `requests` (default 100,000); past it the oldest half is dropped. */
  requestLogLimit?: number;
}

export interface FakeZoho {
  /** http://127.0.0.1:PORT, the client's baseUrl; paths are /crm/v8/... under it. */
  url: string;
  /** Live view of the stored records, in insertion order (read-only). */
  records(module: string): FakeRecord[];
  requests: RequestLog[];
  stats(): { requests: number; faults: Record<string, number>; maxInFlight: number };
  /** Every page_token issued so far answers 400 EXPIRED_VALUE from now on. */
  expireAllTokens(): void;
  /** Closes the server, destroys open sockets and clears timers. */
  close(): Promise<void>;
}

/** The old plan as rules: the storm first, then the random faults (the same draws, so the same sequence). */
export function faultRules(plan: FaultPlan | undefined): FaultRule[] {
  if (!plan) return [];
  const rules: FaultRule[] = [];
  if (plan.firstN) rules.push({ kind: plan.firstN.kind, times: Math.max(0, Math.floor(plan.firstN.count)) });
  if (!Number.isFinite(plan.rate) || plan.rate < 0 || plan.rate > 1) {
    throw new RangeError(`fault rate must be within 0..1, got ${plan.rate}`);
  }
  if (plan.rate > 0 && plan.kinds.length === 0) throw new TypeError("fault rate > 0 needs at least one kind");
  if (plan.kinds.length > 0) rules.push({ kind: plan.kinds, rate: plan.rate });
  return rules;
}

export async function startFakeZoho(options: FakeZohoOptions = {}): Promise<FakeZoho> {
  const app = options.app ?? "crm";
  const gateway = await startMockGateway({
    app,
    scopes: [app === "crm" ? "ZohoCRM.modules.ALL" : "ZohoBigin.modules.ALL"],
    acceptAnyKey: true,
    defaultSortOrder: "asc",
    requirePipelineId: options.requirePipelineId ?? false,
    ...(options.faults ? { seed: options.faults.seed >>> 0 } : {}),
    faults: faultRules(options.faults),
    ...(options.modules ? { records: options.modules } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: Math.max(0, options.latencyMs) } : {}),
    ...(options.tokenTtlMs !== undefined ? { pageTokenTtlMs: options.tokenTtlMs } : {}),
    ...(options.maxCriteria !== undefined ? { maxCriteria: options.maxCriteria } : {}),
    ...(options.requestLogLimit !== undefined ? { requestLogLimit: options.requestLogLimit } : {}),
  });
  for (const { module, count } of options.seedRecords ?? []) gateway.store.generate(module, count);
  return {
    url: gateway.url,
    records: (module) => gateway.store.records(module) as FakeRecord[],
    requests: gateway.requests,
    stats: () => gateway.stats(),
    expireAllTokens: () => gateway.expirePageTokens(),
    close: () => gateway.close(),
  };
}
