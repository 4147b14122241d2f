/**
 * OAuth scopes: a Maton connection is authorized with some of Zoho's scopes (ZohoCRM.modules.ALL,
 * ZohoBigin.modules.Tasks.ALL, ZohoCRM.settings.READ, ...), and Zoho answers 401 OAUTH_SCOPE_MISMATCH to a call
 * they do not cover. A route names the scope group it needs; the records routes also their module and operation.
 */

import { type Reply, zohoError } from "./errors.js";
import type { App } from "./org.js";

/** The scope group a route belongs to (ZohoCRM.<group>...). */
export type ScopeGroup = "modules" | "settings" | "users" | "org" | "coql";
export type Operation = "READ" | "CREATE" | "UPDATE" | "DELETE";

export interface ScopeNeed {
  group: ScopeGroup;
  /** The module of a records call; the settings kind (fields, layouts, modules) of a settings call. */
  sub?: string;
  /** Every one of these is needed (an upsert creates and updates). */
  operations: readonly Operation[];
}

const PRODUCT: Record<App, string> = { crm: "zohocrm", bigin: "zohobigin" };

/** Operation types a granted operation covers (Zoho: WRITE edits and creates; ALL is everything). */
const COVERS: Record<string, readonly Operation[]> = {
  ALL: ["READ", "CREATE", "UPDATE", "DELETE"],
  READ: ["READ"],
  CREATE: ["CREATE"],
  WRITE: ["CREATE", "UPDATE"],
  UPDATE: ["UPDATE"],
  DELETE: ["DELETE"],
};

interface Grant {
  group: string;
  sub?: string;
  covers: readonly Operation[];
}

function parseGrant(app: App, scope: string): Grant | undefined {
  const parts = scope.toLowerCase().split(".");
  if (parts[0] !== PRODUCT[app] || parts.length < 3 || parts.length > 4) return undefined;
  const covers = COVERS[parts.at(-1)!.toUpperCase()];
  if (!covers) return undefined;
  return { group: parts[1]!, ...(parts.length === 4 ? { sub: parts[2]! } : {}), covers };
}

/** Checks `scopes` once; returns a test of whether they cover a need. */
export function scopeChecker(app: App, scopes: readonly string[]): (need: ScopeNeed) => boolean {
  const grants = scopes.map((scope) => {
    const grant = parseGrant(app, scope);
    if (!grant) {
      throw new TypeError(
        `scopes: ${JSON.stringify(scope)} is not a Zoho scope of ${app} (like ${app === "crm" ? "ZohoCRM" : "ZohoBigin"}.modules.ALL or ${app === "crm" ? "ZohoCRM" : "ZohoBigin"}.modules.Leads.READ)`,
      );
    }
    return grant;
  });
  return (need) =>
    need.operations.every((operation) =>
      grants.some(
        (grant) =>
          grant.group === need.group &&
          (grant.sub === undefined || grant.sub === need.sub?.toLowerCase()) &&
          grant.covers.includes(operation),
      ),
    );
}

export function scopeMismatch(app: App): Reply {
  return zohoError(
    401,
    "OAUTH_SCOPE_MISMATCH",
    app === "crm" ? "Unauthorized" : "invalid oauth scope to access this URL",
  );
}
