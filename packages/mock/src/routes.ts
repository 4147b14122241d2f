/**
 * Every route the mock serves, in one table. To add an API group: write its handlers in routes/<group>.ts (errors
 * from errors.ts, records from the store), list them here with the spec operationId each implements, and add
 * their scenarios to test/spec-conformance.test.ts, which checks every answer against the bundled specs.
 */

import type { Route } from "./router.js";
import * as maton from "./routes/maton.js";
import * as metadata from "./routes/metadata.js";
import * as read from "./routes/records-read.js";
import * as write from "./routes/records-write.js";
import type { Operation } from "./scopes.js";

const ID = /^\d+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const crmOnly = ["crm"] as const;
const biginOnly = ["bigin"] as const;

const READ = ["READ"] as const;
const org = { group: "org", operations: READ } as const;
const users = { group: "users", operations: READ } as const;
const settings = (sub: string) => ({ group: "settings", sub, operations: READ }) as const;
const records = (...operations: Operation[]) => ({ group: "modules", sub: "{module}", operations }) as const;

/** Routes under the app prefix (/crm/v8 or /bigin/v2). */
export const GATEWAY_ROUTES: readonly Route[] = [
  // metadata
  { method: "GET", path: "/org", operation: "getOrg", scope: org, handle: metadata.getOrg },
  { method: "GET", path: "/users", operation: "getUsers", scope: users, handle: metadata.getUsers },
  {
    method: "GET",
    path: "/users/{user_id}",
    operation: "getUser",
    scope: users,
    params: { user_id: ID },
    handle: metadata.getUser,
  },
  {
    method: "GET",
    path: "/settings/modules",
    operation: "getModules",
    scope: settings("modules"),
    handle: metadata.getModules,
  },
  {
    method: "GET",
    path: "/settings/modules/{module_api_name}",
    operation: "getModule",
    scope: settings("modules"),
    handle: metadata.getModule,
  },
  {
    method: "GET",
    path: "/settings/fields",
    operation: "getFields",
    scope: settings("fields"),
    handle: metadata.getFields,
  },
  {
    method: "GET",
    path: "/settings/layouts",
    operation: "getLayouts",
    scope: settings("layouts"),
    handle: metadata.getLayouts,
  },
  {
    method: "GET",
    path: "/settings/layouts/{layout_id}",
    operation: "getLayout",
    scope: settings("layouts"),
    apps: crmOnly,
    params: { layout_id: ID },
    handle: metadata.getLayout,
  },

  // records: reads
  {
    method: "GET",
    path: "/{module}",
    operation: "getRecords",
    scope: records("READ"),
    handle: read.listRecords,
  },
  {
    method: "GET",
    path: "/Pipelines",
    operation: "getPipelineRecords",
    scope: { ...records("READ"), sub: "Pipelines" },
    apps: biginOnly,
    handle: (ctx) => read.listRecords({ ...ctx, params: { module: "Pipelines" } }),
  },
  {
    method: "GET",
    path: "/{module}/{id}",
    operation: "getRecord",
    scope: records("READ"),
    params: { id: ID },
    handle: read.getRecord,
  },
  {
    method: "GET",
    path: "/{module}/search",
    operation: "searchRecords",
    scope: records("READ"),
    handle: read.searchRecords,
  },
  {
    method: "GET",
    path: "/{module}/actions/count",
    operation: "countRecords",
    scope: records("READ"),
    handle: read.countRecords,
  },

  // records: writes
  {
    method: "POST",
    path: "/{module}",
    operation: "createRecords",
    scope: records("CREATE"),
    handle: write.createRecords,
  },
  {
    method: "PUT",
    path: "/{module}",
    operation: "updateRecords",
    scope: records("UPDATE"),
    handle: write.updateRecords,
  },
  {
    method: "PUT",
    path: "/{module}/{id}",
    operation: "updateRecord",
    scope: records("UPDATE"),
    params: { id: ID },
    handle: write.updateRecords,
  },
  {
    method: "POST",
    path: "/{module}/upsert",
    operation: "upsertRecords",
    scope: records("CREATE", "UPDATE"),
    handle: write.upsertRecords,
  },
  {
    method: "DELETE",
    path: "/{module}",
    operation: "deleteRecords",
    scope: records("DELETE"),
    handle: write.deleteRecords,
  },
  {
    method: "DELETE",
    path: "/{module}/{id}",
    operation: "deleteRecord",
    scope: records("DELETE"),
    params: { id: ID },
    handle: write.deleteRecords,
  },
];

/** Maton's connection API, at the server's root. */
export const MATON_ROUTES: readonly Route[] = [
  { method: "GET", path: "/connections", operation: "listConnections", handle: maton.listConnections },
  { method: "POST", path: "/connections", operation: "createConnection", handle: maton.createConnection },
  {
    method: "GET",
    path: "/connections/{connection_id}",
    operation: "getConnection",
    params: { connection_id: UUID },
    handle: maton.getConnection,
  },
  {
    method: "DELETE",
    path: "/connections/{connection_id}",
    operation: "deleteConnection",
    params: { connection_id: UUID },
    handle: maton.deleteConnection,
  },
];
