import { ZohoKitError } from "@zohokit/core";
import type { CoreClient } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-crm.js";

/**
 * The key under which a CRM client keeps its core (not enumerable): how `@zohokit/crm/bulk` sends its calls through
 * the same transport without the main entry importing any bulk code. Symbol.for, so two copies of the package agree.
 */
export const CORE_HANDLE: unique symbol = Symbol.for("@zohokit/crm.core") as never;

export function attachCore<T extends object>(client: T, core: CoreClient<paths>): T {
  Object.defineProperty(client, CORE_HANDLE, { value: core, enumerable: false });
  return client;
}

export function coreOf(client: unknown, what: string): CoreClient<paths> {
  const core =
    typeof client === "object" && client !== null
      ? (client as { [CORE_HANDLE]?: CoreClient<paths> })[CORE_HANDLE]
      : undefined;
  if (!core)
    throw new ZohoKitError(`${what} takes a client made by createCrmClient() as its first argument.`);
  return core;
}
