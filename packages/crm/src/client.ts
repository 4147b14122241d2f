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
import type { paths } from "./generated/zoho-crm.js";
import { type CrmOrgApi, type CrmSettingsApi, type CrmUsersApi, crmMetadata } from "./settings.js";

export const CRM_BASE_URL = "https://gateway.maton.ai/zoho-crm";

/** The records routes core builds from the prefix: a compile error here if the spec lacks one. */
const recordRoutesInSpec: RecordRoute<"/crm/v8"> extends keyof paths ? true : never = true;

export interface CrmClient<O extends OrgShape<O> = LooseOrg> {
  /** Records of any module: list, iterate, get, create, update, upsert, delete, search, searchAll, count. */
  records: RecordsApi<O>;
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
 * A Zoho CRM v8 client through the Maton gateway. Give it your generated `Org` type
 * (`createCrmClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createCrmClient<O extends OrgShape<O> = LooseOrg>(options: ClientOptions = {}): CrmClient<O> {
  const core: CoreClient<paths> = createCoreClient<paths>(options, { baseUrl: CRM_BASE_URL });
  const records = createRecordsApi(recordsContext(core), { prefix: "/crm/v8", checked: recordRoutesInSpec });
  return {
    records: records as unknown as RecordsApi<O>,
    ...crmMetadata(core),
    raw: core.raw,
    unwrap: core.unwrap,
  };
}
