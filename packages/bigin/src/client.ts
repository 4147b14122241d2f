import type { ClientOptions, LooseOrg, OrgShape, RecordsApi } from "@zohokit/core";
import {
  type CoreClient,
  createCoreClient,
  createRecordsApi,
  type FetchResult,
  type RecordRoute,
  recordsContext,
} from "@zohokit/core/internal";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/zoho-bigin.js";
import { type BiginPipelinesApi, biginPipelines } from "./pipelines.js";
import { checkBiginCriteria, checkPipelinesList, pipelinesListRoute, scopeHint } from "./rules.js";
import { type BiginOrgApi, type BiginSettingsApi, type BiginUsersApi, biginMetadata } from "./settings.js";

export const BIGIN_BASE_URL = "https://gateway.maton.ai/zoho-bigin";

/** The records routes core builds from the prefix: a compile error here if the spec lacks one. */
const recordRoutesInSpec: RecordRoute<"/bigin/v2"> extends keyof paths ? true : never = true;

/** Bigin requires the Team Pipeline on every list of Pipelines records. */
export interface BiginListExtras {
  Pipelines: { pipelineId: string };
}

export interface BiginClient<O extends OrgShape<O> = LooseOrg> {
  /** Records of any module; listing Pipelines needs `pipelineId`. */
  records: RecordsApi<O, BiginListExtras>;
  /** The org's Team Pipelines, from the Pipelines layouts. */
  pipelines: BiginPipelinesApi;
  org: BiginOrgApi;
  users: BiginUsersApi;
  settings: BiginSettingsApi;
  /** The typed openapi-fetch client of the whole Bigin spec, over the same transport (auth, retries, limits). */
  raw: Client<paths>;
  /** The data of a `raw` call, or the ApiError a helper would throw for its failure. */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<T | undefined>;
}

/**
 * A Zoho Bigin v2 client through the Maton gateway. Give it your generated `Org` type
 * (`createBiginClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createBiginClient<O extends OrgShape<O> = LooseOrg>(
  options: ClientOptions = {},
): BiginClient<O> {
  const core: CoreClient<paths> = createCoreClient<paths>(options, {
    baseUrl: BIGIN_BASE_URL,
    hint: scopeHint,
  });
  const records = createRecordsApi(recordsContext(core), {
    prefix: "/bigin/v2",
    checked: recordRoutesInSpec,
    checkList: checkPipelinesList,
    checkCriteria: checkBiginCriteria,
    listRoute: pipelinesListRoute,
  });
  const metadata = biginMetadata(core);
  return {
    records: records as unknown as RecordsApi<O, BiginListExtras>,
    pipelines: biginPipelines(metadata.settings),
    ...metadata,
    raw: core.raw,
    unwrap: core.unwrap,
  };
}
