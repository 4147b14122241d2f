import { ZohoKitError } from "@zohokit/core";
import { RECORD_ID } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-bigin.js";

/** Bigin documents only these criteria operators. */
export const BIGIN_CRITERIA_OPERATORS: ReadonlySet<string> = new Set(["equals", "starts_with"]);

/** Modules whose API access needs an OAuth scope beyond the default ones, on the Maton connection. */
export const SCOPED_MODULES: Readonly<Record<string, string>> = {
  Tasks: "ZohoBigin.modules.tasks.ALL",
  Events: "ZohoBigin.modules.events.ALL",
  Calls: "ZohoBigin.modules.calls.ALL",
  Notes: "ZohoBigin.modules.notes.ALL",
};

export function checkPipelinesList(module: string, options: object): void {
  if (module !== "Pipelines") return;
  const pipelineId = (options as { pipelineId?: unknown }).pipelineId;
  if (typeof pipelineId !== "string" || !RECORD_ID.test(pipelineId)) {
    throw new ZohoKitError(
      `Bigin lists Pipelines records one Team Pipeline at a time: pass { pipelineId } (a string of digits; got ${JSON.stringify(pipelineId)}). ` +
        "bigin.pipelines.list() gives your Team Pipelines with their ids.",
    );
  }
}

const PIPELINES_LIST: keyof paths = "/bigin/v2/Pipelines";

/** Pipelines records are listed at their own path, one Team Pipeline at a time. */
export function pipelinesListRoute(module: string, options: object) {
  if (module !== "Pipelines") return undefined;
  return { path: PIPELINES_LIST, query: { pipeline_id: (options as { pipelineId: string }).pipelineId } };
}

export function checkBiginCriteria(_module: string, operators: Set<string>): void {
  const refused = [...operators].filter((op) => !BIGIN_CRITERIA_OPERATORS.has(op));
  if (refused.length > 0) {
    throw new ZohoKitError(
      `Bigin search supports only the equals and starts_with operators; these criteria use ${refused.join(", ")}. ` +
        "Filter further after the search, or use records.iterate().",
    );
  }
}

/** For a 401 on a module that needs an extra scope: which scope, and how to get it. */
export function scopeHint(status: number, code: string, path: string): string | undefined {
  if (status !== 401 && code !== "OAUTH_SCOPE_MISMATCH") return undefined;
  const module = /\/bigin\/v2\/([A-Za-z0-9_]+)/.exec(path)?.[1];
  const scope = module ? SCOPED_MODULES[module] : undefined;
  if (!scope) return undefined;
  return (
    `Bigin's ${module} module needs the ${scope} OAuth scope, which your Maton connection was not granted. ` +
    'Reconnect: create a new connection (createMatonClient().connections.create({ app: "zoho-bigin" })), approve ' +
    `access to ${module} when Zoho asks, then use the new connection id (or delete the old one).`
  );
}
