/**
 * Every route the mock serves, in one table. To add an API group: write its handlers in routes/<group>.ts (errors
 * from errors.ts, records from the store), list them here with the spec operationId each implements, and add
 * their scenarios to test/spec-conformance.test.ts, which checks every answer against the bundled specs.
 */

import type { Route } from "./router.js";
import * as attachments from "./routes/attachments.js";
import * as bulk from "./routes/bulk-read.js";
import * as convert from "./routes/convert.js";
import * as coql from "./routes/coql.js";
import * as deleted from "./routes/deleted.js";
import * as maton from "./routes/maton.js";
import * as metadata from "./routes/metadata.js";
import * as notes from "./routes/notes.js";
import * as watch from "./routes/notifications.js";
import * as read from "./routes/records-read.js";
import * as write from "./routes/records-write.js";
import * as related from "./routes/related.js";
import * as tags from "./routes/tags.js";
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
const notesScope = (...operations: Operation[]) => ({ group: "modules", sub: "notes", operations }) as const;
const attachmentsScope = (...operations: Operation[]) =>
  ({ group: "modules", sub: "attachments", operations }) as const;
const RELATED = "/{module}/{id}/{list}";
const ATTACHMENTS = "/{module}/{id}/Attachments";

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

  // COQL (CRM)
  {
    method: "POST",
    path: "/coql",
    operation: "runCoqlQuery",
    scope: { group: "coql", operations: READ },
    apps: crmOnly,
    handle: coql.runQuery,
  },

  // records: writes
  {
    method: "POST",
    path: "/{module}",
    operation: "createRecords",
    scope: records("CREATE"),
    handle: watch.notifying("create", write.createRecords),
  },
  {
    method: "PUT",
    path: "/{module}",
    operation: "updateRecords",
    scope: records("UPDATE"),
    handle: watch.notifying("edit", write.updateRecords),
  },
  {
    method: "PUT",
    path: "/{module}/{id}",
    operation: "updateRecord",
    scope: records("UPDATE"),
    params: { id: ID },
    handle: watch.notifying("edit", write.updateRecords),
  },
  {
    method: "POST",
    path: "/{module}/upsert",
    operation: "upsertRecords",
    scope: records("CREATE", "UPDATE"),
    handle: watch.notifying("upsert", write.upsertRecords),
  },
  {
    method: "DELETE",
    path: "/{module}",
    operation: "deleteRecords",
    scope: records("DELETE"),
    handle: watch.notifying("delete", write.deleteRecords),
  },
  {
    method: "DELETE",
    path: "/{module}/{id}",
    operation: "deleteRecord",
    scope: records("DELETE"),
    params: { id: ID },
    handle: watch.notifying("delete", write.deleteRecords),
  },
  {
    method: "GET",
    path: "/{module}/deleted",
    operation: "getDeletedRecords",
    scope: records("READ"),
    apps: crmOnly,
    handle: deleted.getDeletedRecords,
  },

  // related records
  {
    method: "GET",
    path: "/settings/related_lists",
    operation: "getRelatedLists",
    scope: settings("related_lists"),
    apps: crmOnly,
    handle: related.getRelatedLists,
  },
  {
    method: "GET",
    path: "/settings/related_lists",
    operation: "getRelatedListsMetadata",
    scope: settings("related_lists"),
    apps: biginOnly,
    handle: related.getRelatedLists,
  },
  {
    method: "GET",
    path: RELATED,
    operation: "getRelatedRecords",
    scope: records("READ"),
    params: { id: ID },
    handle: related.getRelatedRecords,
  },
  {
    method: "PUT",
    path: RELATED,
    operation: "linkRelatedRecords",
    scope: records("UPDATE"),
    apps: crmOnly,
    params: { id: ID },
    handle: related.linkRelatedRecords,
  },
  {
    method: "DELETE",
    path: RELATED,
    operation: "unlinkRelatedRecords",
    scope: records("UPDATE"),
    apps: crmOnly,
    params: { id: ID },
    handle: related.unlinkRelatedRecords,
  },
  {
    method: "PUT",
    path: `${RELATED}/{related_id}`,
    operation: "linkRelatedRecord",
    scope: records("UPDATE"),
    params: { id: ID, related_id: ID },
    handle: related.linkRelatedRecord,
  },
  {
    method: "DELETE",
    path: `${RELATED}/{related_id}`,
    operation: "unlinkRelatedRecord",
    scope: records("UPDATE"),
    apps: crmOnly,
    params: { id: ID, related_id: ID },
    handle: related.unlinkRelatedRecord,
  },

  // notes
  {
    method: "GET",
    path: "/Notes",
    operation: "getNotes",
    scope: notesScope("READ"),
    handle: notes.getNotes,
  },
  {
    method: "POST",
    path: "/Notes",
    operation: "createNotes",
    scope: notesScope("CREATE"),
    handle: notes.createNotes,
  },
  {
    method: "PUT",
    path: "/Notes",
    operation: "updateNotes",
    scope: notesScope("UPDATE"),
    handle: notes.updateNotes,
  },
  {
    method: "DELETE",
    path: "/Notes",
    operation: "deleteNotes",
    scope: notesScope("DELETE"),
    handle: notes.deleteNotes,
  },
  {
    method: "GET",
    path: "/Notes/{note_id}",
    operation: "getNote",
    scope: notesScope("READ"),
    apps: crmOnly,
    params: { note_id: ID },
    handle: notes.getNote,
  },
  {
    method: "PUT",
    path: "/Notes/{note_id}",
    operation: "updateNote",
    scope: notesScope("UPDATE"),
    apps: crmOnly,
    params: { note_id: ID },
    handle: notes.updateNote,
  },
  {
    method: "DELETE",
    path: "/Notes/{note_id}",
    operation: "deleteNote",
    scope: notesScope("DELETE"),
    apps: crmOnly,
    params: { note_id: ID },
    handle: notes.deleteNote,
  },
  {
    method: "GET",
    path: "/{module}/{id}/Notes",
    operation: "getRecordNotes",
    scope: notesScope("READ"),
    params: { id: ID },
    handle: notes.getRecordNotes,
  },
  {
    method: "POST",
    path: "/{module}/{id}/Notes",
    operation: "createRecordNotes",
    scope: notesScope("CREATE"),
    params: { id: ID },
    handle: notes.createRecordNotes,
  },

  // attachments
  {
    method: "GET",
    path: ATTACHMENTS,
    operation: "getAttachments",
    scope: attachmentsScope("READ"),
    params: { id: ID },
    handle: attachments.getAttachments,
  },
  {
    method: "POST",
    path: ATTACHMENTS,
    operation: "uploadAttachment",
    scope: attachmentsScope("CREATE"),
    params: { id: ID },
    handle: attachments.uploadAttachment,
  },
  {
    method: "DELETE",
    path: ATTACHMENTS,
    operation: "deleteAttachments",
    scope: attachmentsScope("DELETE"),
    apps: crmOnly,
    params: { id: ID },
    handle: attachments.deleteAttachments,
  },
  {
    method: "GET",
    path: `${ATTACHMENTS}/{attachment_id}`,
    operation: "downloadAttachment",
    scope: attachmentsScope("READ"),
    params: { id: ID, attachment_id: ID },
    handle: attachments.downloadAttachment,
  },
  {
    method: "DELETE",
    path: `${ATTACHMENTS}/{attachment_id}`,
    operation: "deleteAttachment",
    scope: attachmentsScope("DELETE"),
    params: { id: ID, attachment_id: ID },
    handle: attachments.deleteAttachment,
  },

  // notifications (watch channels); the operation ids differ by app
  ...(
    [
      [
        "crm",
        "getNotificationChannels",
        "enableNotifications",
        "updateNotificationChannels",
        "patchNotificationChannels",
        "disableNotifications",
      ],
      [
        "bigin",
        "getNotificationDetails",
        "enableNotifications",
        "updateNotificationDetails",
        "disableNotificationEvents",
        "disableNotifications",
      ],
    ] as const
  ).flatMap(([app, get, enable, replace, patch, disable]): Route[] => [
    { method: "GET", path: "/actions/watch", operation: get, apps: [app], handle: watch.listChannels },
    { method: "POST", path: "/actions/watch", operation: enable, apps: [app], handle: watch.enableChannels },
    { method: "PUT", path: "/actions/watch", operation: replace, apps: [app], handle: watch.replaceChannels },
    { method: "PATCH", path: "/actions/watch", operation: patch, apps: [app], handle: watch.patchChannels },
    {
      method: "DELETE",
      path: "/actions/watch",
      operation: disable,
      apps: [app],
      handle: watch.disableChannels,
    },
  ]),
  // tags
  {
    method: "GET",
    path: "/settings/tags",
    operation: "getTags",
    scope: settings("tags"),
    handle: tags.getTags,
  },
  {
    method: "POST",
    path: "/{module}/actions/add_tags",
    operation: "addTagsToRecords",
    scope: records("UPDATE"),
    apps: crmOnly,
    handle: tags.addTags,
  },
  {
    method: "POST",
    path: "/{module}/actions/remove_tags",
    operation: "removeTagsFromRecords",
    scope: records("UPDATE"),
    apps: crmOnly,
    handle: tags.removeTags,
  },

  // Bigin's names for the same handlers, and what Bigin does its own way
  {
    method: "PUT",
    path: RELATED,
    operation: "updateRelatedRecords",
    scope: records("UPDATE"),
    apps: biginOnly,
    params: { id: ID },
    handle: related.linkRelatedRecords,
  },
  {
    method: "DELETE",
    path: RELATED,
    operation: "delinkRelatedRecords",
    scope: records("UPDATE"),
    apps: biginOnly,
    params: { id: ID },
    handle: related.unlinkRelatedRecords,
  },
  {
    method: "DELETE",
    path: `${RELATED}/{related_id}`,
    operation: "delinkRelatedRecord",
    scope: records("UPDATE"),
    apps: biginOnly,
    params: { id: ID, related_id: ID },
    handle: related.unlinkRelatedRecord,
  },
  {
    method: "PUT",
    path: "/{module}/{id}/Notes/{note_id}",
    operation: "updateRecordNote",
    scope: notesScope("UPDATE"),
    apps: biginOnly,
    params: { id: ID, note_id: ID },
    handle: notes.updateNote,
  },
  {
    method: "DELETE",
    path: "/{module}/{id}/Notes/{note_id}",
    operation: "deleteRecordNote",
    scope: notesScope("DELETE"),
    apps: biginOnly,
    params: { id: ID, note_id: ID },
    handle: notes.deleteNote,
  },
  {
    method: "POST",
    path: "/{module}/actions/add_tags",
    operation: "addTags",
    scope: records("UPDATE"),
    apps: biginOnly,
    handle: tags.addTags,
  },
  {
    method: "POST",
    path: "/{module}/actions/remove_tags",
    operation: "removeTags",
    scope: records("UPDATE"),
    apps: biginOnly,
    handle: tags.removeTagsByQuery,
  },

  // lead conversion
  {
    method: "POST",
    path: "/Leads/{lead_id}/actions/convert",
    operation: "convertLead",
    scope: { group: "modules", sub: "Leads", operations: ["CREATE", "UPDATE"] },
    apps: crmOnly,
    params: { lead_id: ID },
    handle: convert.convertLead,
  },
  // Bulk read (CRM): /crm/bulk/v8/read, served beside the prefix (see gateway.ts).
  {
    method: "POST",
    path: "/bulk/v8/read",
    operation: "createBulkReadJob",
    apps: crmOnly,
    handle: bulk.createJob,
  },
  {
    method: "GET",
    path: "/bulk/v8/read/{job_id}",
    operation: "getBulkReadJob",
    apps: crmOnly,
    params: { job_id: ID },
    handle: bulk.getJob,
  },
  {
    method: "GET",
    path: "/bulk/v8/read/{job_id}/result",
    operation: "downloadBulkReadResult",
    apps: crmOnly,
    params: { job_id: ID },
    handle: bulk.downloadResult,
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
