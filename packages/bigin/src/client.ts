import type {
  AttachmentsApi,
  ClientOptions,
  LooseOrg,
  NotesApi,
  NotificationsApi,
  OrgShape,
  RelatedApi,
  TagsApi,
} from "@zohokit/core";
import {
  type CoreClient,
  createCoreClient,
  createRecordsApi,
  type FetchResult,
  type RecordRoute,
  recordsContext,
} from "@zohokit/core/internal";
import type { Client } from "openapi-fetch";
import { type BiginAttachment, biginAttachments } from "./attachments.js";
import type { paths } from "./generated/zoho-bigin.js";
import { type BiginNote, biginNotes } from "./notes.js";
import { biginNotifications } from "./notifications.js";
import type { AnyPipelineStage, BiginRecordsApi } from "./pipeline-types.js";
import { type BiginPipelinesApi, biginPipelines } from "./pipelines.js";
import { biginRelated } from "./related.js";
import { checkBiginCriteria, checkPipelinesList, pipelinesListHint, pipelinesListRoute } from "./rules.js";
import { scopeHint } from "./scopes.js";
import { type BiginOrgApi, type BiginSettingsApi, type BiginUsersApi, biginMetadata } from "./settings.js";
import { type BiginTag, biginTags } from "./tags.js";

export const BIGIN_BASE_URL = "https://gateway.maton.ai/zoho-bigin";

/** The records routes core builds from the prefix: a compile error here if the spec lacks one. */
const recordRoutesInSpec: RecordRoute<"/bigin/v2"> extends keyof paths ? true : never = true;

/** Bigin requires the Team Pipeline on every list of Pipelines records. */
export interface BiginListExtras {
  Pipelines: { pipelineId: string };
}

export interface BiginClientOptions extends ClientOptions {
  /**
   * Check every Pipelines create, update and upsert against the org's Team Pipelines before sending it (see
   * `pipelines.check`): the first such write reads the Pipelines layouts, kept for the client's lifetime.
   * Default false: inputs whose `Pipeline.id` the code names are checked at compile time with a generated Org.
   */
  checkStages?: boolean;
}

export interface BiginClient<O extends OrgShape<O> = LooseOrg> {
  /** Records of any module; listing Pipelines needs `pipelineId`. */
  records: BiginRecordsApi<O>;
  /** The org's Team Pipelines, from the Pipelines layouts, and a check of Pipelines inputs against them. */
  pipelines: BiginPipelinesApi<AnyPipelineStage<O>>;
  /** Records linked through a module's related lists (a company's contacts, a contact's products). */
  related: RelatedApi<O>;
  /** Notes of a record and of every record; they need the ZohoBigin.modules.notes.ALL scope (Maton grants it). */
  notes: NotesApi<O, BiginNote>;
  /** Files and links attached to a record (20 MB a file). */
  attachments: AttachmentsApi<O, BiginAttachment>;
  /** A module's tags, and tags on any number of records. */
  tags: TagsApi<O, BiginTag>;
  org: BiginOrgApi;
  users: BiginUsersApi;
  settings: BiginSettingsApi;
  /** Watch channels: Bigin POSTs to your URL when records change (receive them with createNotificationHandler). */
  notifications: NotificationsApi<O>;
  /** The typed openapi-fetch client of the whole Bigin spec, over the same transport (auth, retries, limits). */
  raw: Client<paths>;
  /** The data of a `raw` call, or the ApiError a helper would throw for its failure. */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<T | undefined>;
}

const biginHint = (status: number, code: string, path: string) =>
  scopeHint(status, code, path) ?? pipelinesListHint(status, code, path);

/**
 * A Zoho Bigin v2 client through the Maton gateway, or straight to Zoho with `auth: zohoOAuth(...)`. Give it your generated `Org` type
 * (`createBiginClient<Org>()`) to check module names, fields, inputs, criteria and each pipeline's stages at
 * compile time.
 */
export function createBiginClient<O extends OrgShape<O> = LooseOrg>(
  options: BiginClientOptions = {},
): BiginClient<O> {
  const { checkStages = false, ...coreOptions } = options;
  const core: CoreClient<paths> = createCoreClient<paths>(coreOptions, {
    baseUrl: BIGIN_BASE_URL,
    hint: biginHint,
  });
  const metadata = biginMetadata(core);
  const pipelines = biginPipelines(metadata.settings);
  const context = recordsContext(core);
  const records = createRecordsApi(context, {
    prefix: "/bigin/v2",
    checked: recordRoutesInSpec,
    checkList: checkPipelinesList,
    checkCriteria: checkBiginCriteria,
    listRoute: pipelinesListRoute,
    ...(checkStages
      ? {
          checkInputs: (module: string, inputs: readonly object[], signal: AbortSignal | undefined) =>
            module === "Pipelines" ? pipelines.check(inputs, { signal }) : undefined,
        }
      : {}),
  });
  return {
    records: records as unknown as BiginRecordsApi<O>,
    pipelines: pipelines as BiginPipelinesApi<AnyPipelineStage<O>>,
    related: biginRelated<O>(context),
    notes: biginNotes<O>(context),
    attachments: biginAttachments<O>(context),
    tags: biginTags<O>(context),
    ...metadata,
    notifications: biginNotifications<O>(context),
    raw: core.raw,
    unwrap: core.unwrap,
  };
}
