import type {
  AttachmentsApi,
  ClientOptions,
  CoqlApi,
  GetManyApi,
  LooseOrg,
  NotesApi,
  NotificationsApi,
  OrgShape,
  RecordsApi,
  RecordsExportApi,
  RecordsSyncApi,
  RelatedApi,
  TagsApi,
} from "@zohokit/core";
import {
  type CoreClient,
  createCoreClient,
  createGetMany,
  createRecordsApi,
  type FetchResult,
  type RecordRoute,
  recordsContext,
} from "@zohokit/core/internal";
import type { Client } from "openapi-fetch";
import { type CrmAttachment, crmAttachments } from "./attachments.js";
import { crmCoql } from "./coql.js";
import { attachCore } from "./core-handle.js";
import type { paths } from "./generated/zoho-crm.js";
import { crmHint } from "./hints.js";
import { type CrmLeadsApi, crmLeads } from "./leads.js";
import { type CrmNote, crmNotes } from "./notes.js";
import { crmNotifications } from "./notifications.js";
import { crmRecordsSync } from "./records-sync.js";
import { crmRelated } from "./related.js";
import { type CrmOrgApi, type CrmSettingsApi, type CrmUsersApi, crmMetadata } from "./settings.js";
import { type CrmTag, crmTags } from "./tags.js";

export const CRM_BASE_URL = "https://gateway.maton.ai/zoho-crm";

/** The records routes core builds from the prefix: a compile error here if the spec lacks one. */
const recordRoutesInSpec: RecordRoute<"/crm/v8"> extends keyof paths ? true : never = true;

export interface CrmClient<O extends OrgShape<O> = LooseOrg> {
  /**
   * Records of any module: list, iterate, get, create, update, upsert, delete, search, searchAll, count; deleted
   * records and changes since a time or a checkpoint.
   */
  records: RecordsApi<O> & RecordsSyncApi<O> & RecordsExportApi<O> & GetManyApi<O>;
  /** COQL queries typed by the org: select(...).where(...).orderBy(...).limit(...), page(), iterate(); run(text). */
  coql: CoqlApi<O>;
  /** Records linked through a module's related lists: list, iterate, link, unlink. */
  related: RelatedApi<O>;
  /** Notes of a record and of every record: list, iterate, create, update, delete. */
  notes: NotesApi<O, CrmNote>;
  /** Files and links attached to a record: list, upload, attachUrl, download (streamed), delete. */
  attachments: AttachmentsApi<O, CrmAttachment>;
  /** A module's tags, and tags on any number of records. */
  tags: TagsApi<O, CrmTag>;
  /** Lead conversion. */
  leads: CrmLeadsApi<O>;
  /** Watch channels: Zoho POSTs to your URL when records change (receive them with createNotificationHandler). */
  notifications: NotificationsApi<O>;
  org: CrmOrgApi;
  users: CrmUsersApi;
  settings: CrmSettingsApi;
  /** The typed openapi-fetch client of the whole CRM spec, over the same transport (auth, retries, limits). */
  raw: Client<paths>;
  /**
   * The data of a `raw` call, or the ApiError a helper would throw for its failure:
   * `await crm.unwrap(crm.raw.GET("/crm/v8/org"))`.
   */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<T | undefined>;
}

/**
 * A Zoho CRM v8 client through the Maton gateway, or straight to Zoho with `auth: zohoOAuth(...)`. Give it your generated `Org` type
 * (`createCrmClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createCrmClient<O extends OrgShape<O> = LooseOrg>(options: ClientOptions = {}): CrmClient<O> {
  const core: CoreClient<paths> = createCoreClient<paths>(options, { baseUrl: CRM_BASE_URL, hint: crmHint });
  const context = recordsContext(core);
  const records = createRecordsApi(context, { prefix: "/crm/v8", checked: recordRoutesInSpec });
  const { coql, exporter } = crmCoql<O>(core, records);
  const client: CrmClient<O> = {
    records: {
      ...(records as unknown as RecordsApi<O>),
      ...crmRecordsSync<O>(context),
      ...exporter,
      getMany: createGetMany(context, "/crm/v8") as unknown as GetManyApi<O>["getMany"],
    },
    coql,
    related: crmRelated<O>(context),
    notes: crmNotes<O>(context),
    attachments: crmAttachments<O>(context),
    tags: crmTags<O>(context),
    leads: crmLeads<O>(context),
    notifications: crmNotifications<O>(context),
    ...crmMetadata(core),
    raw: core.raw,
    unwrap: core.unwrap,
  };
  return attachCore(client, core);
}
