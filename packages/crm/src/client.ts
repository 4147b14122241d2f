import {
  assertModule,
  assertRecordId,
  type ClientOptions,
  type CoreClient,
  createCoreClient,
  createRecordsApi,
  type FetchResult,
  type LooseOrg,
  type OrgShape,
  type RecordsApi,
  ZohoKitError,
} from "@zohokit/core";
import type { Client } from "openapi-fetch";
import { crmRecordsBackend } from "./backend.js";
import type { components, operations, paths } from "./generated/zoho-crm.js";

export const CRM_BASE_URL = "https://gateway.maton.ai/zoho-crm";

type Schemas = components["schemas"];
export type CrmOrg = Schemas["Org"];
export type CrmUser = Schemas["User"];
export type CrmModule = Schemas["Module"];
export type CrmField = Schemas["FieldMeta"];
export type CrmLayout = Schemas["Layout"];
export type CrmRole = Schemas["Role"];
export type CrmProfile = Schemas["Profile"];
export type CrmPageInfo = Schemas["PageInfo"];
export type UserType = NonNullable<operations["getUsers"]["parameters"]["query"]>["type"];

/** Awaits an openapi-fetch call: its data, or the ApiError of a failure. */
type Read = <T>(call: Promise<FetchResult<T>>) => Promise<T | undefined>;

interface Signal {
  signal?: AbortSignal;
}

export interface CrmClient<O extends OrgShape<O> = LooseOrg> {
  /** Records of any module: list, iterate, get, create, update, upsert, delete, search, searchAll, count. */
  records: RecordsApi<O>;
  org: { get(options?: Signal): Promise<CrmOrg> };
  users: {
    list(options?: { type?: UserType; page?: number; perPage?: number } & Signal): Promise<{
      users: CrmUser[];
      info: CrmPageInfo | undefined;
    }>;
    get(id: string, options?: Signal): Promise<CrmUser | null>;
  };
  settings: {
    modules(options?: { status?: string } & Signal): Promise<CrmModule[]>;
    module(apiName: string, options?: Signal): Promise<CrmModule | null>;
    fields(module: string, options?: { type?: "all" | "unused" } & Signal): Promise<CrmField[]>;
    layouts(module: string, options?: Signal): Promise<CrmLayout[]>;
    layout(module: string, id: string, options?: Signal): Promise<CrmLayout | null>;
    roles(options?: Signal): Promise<CrmRole[]>;
    role(id: string, options?: Signal): Promise<CrmRole | null>;
    profiles(options?: Signal): Promise<CrmProfile[]>;
    profile(id: string, options?: Signal): Promise<CrmProfile | null>;
  };
  /** The typed openapi-fetch client of the whole CRM spec, with zohokit's auth, retries and limits. */
  raw: Client<paths>;
}

/**
 * A Zoho CRM v8 client through the Maton gateway. Give it your generated `Org` type
 * (`createCrmClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createCrmClient<O extends OrgShape<O> = LooseOrg>(options: ClientOptions = {}): CrmClient<O> {
  const core = createCoreClient<paths>(options, { baseUrl: CRM_BASE_URL });
  const { raw } = core;
  const read: Read = async (call) => (await core.unwrap(call)).data;
  const records = createRecordsApi(core as CoreClient<{}>, { backend: crmRecordsBackend(core) });
  return {
    records: records as unknown as RecordsApi<O>,
    org: {
      async get({ signal } = {}) {
        const org = (await read(raw.GET("/crm/v8/org", { signal })))?.org?.[0];
        if (!org) throw new ZohoKitError("GET /crm/v8/org answered without an org.");
        return org;
      },
    },
    users: {
      async list({ type, page, perPage, signal } = {}) {
        const query = { type, page, per_page: perPage };
        const data = await read(raw.GET("/crm/v8/users", { params: { query }, signal }));
        return { users: data?.users ?? [], info: data?.info };
      },
      async get(id, { signal } = {}) {
        assertRecordId(id, "The user id");
        const path = { user_id: id };
        return (
          (await read(raw.GET("/crm/v8/users/{user_id}", { params: { path }, signal })))?.users?.[0] ?? null
        );
      },
    },
    settings: {
      async modules({ status, signal } = {}) {
        return (
          (await read(raw.GET("/crm/v8/settings/modules", { params: { query: { status } }, signal })))
            ?.modules ?? []
        );
      },
      async module(apiName, { signal } = {}) {
        assertModule(apiName);
        const path = { module_api_name: apiName };
        return (
          (await read(raw.GET("/crm/v8/settings/modules/{module_api_name}", { params: { path }, signal })))
            ?.modules?.[0] ?? null
        );
      },
      async fields(module, { type, signal } = {}) {
        assertModule(module);
        const query = { module, type };
        return (await read(raw.GET("/crm/v8/settings/fields", { params: { query }, signal })))?.fields ?? [];
      },
      async layouts(module, { signal } = {}) {
        assertModule(module);
        const query = { module };
        return (
          (await read(raw.GET("/crm/v8/settings/layouts", { params: { query }, signal })))?.layouts ?? []
        );
      },
      async layout(module, id, { signal } = {}) {
        assertModule(module);
        assertRecordId(id, "The layout id");
        const params = { path: { layout_id: id }, query: { module } };
        return (
          (await read(raw.GET("/crm/v8/settings/layouts/{layout_id}", { params, signal })))?.layouts?.[0] ??
          null
        );
      },
      async roles({ signal } = {}) {
        return (await read(raw.GET("/crm/v8/settings/roles", { signal })))?.roles ?? [];
      },
      async role(id, { signal } = {}) {
        assertRecordId(id, "The role id");
        const path = { role_id: id };
        return (
          (await read(raw.GET("/crm/v8/settings/roles/{role_id}", { params: { path }, signal })))
            ?.roles?.[0] ?? null
        );
      },
      async profiles({ signal } = {}) {
        return (await read(raw.GET("/crm/v8/settings/profiles", { signal })))?.profiles ?? [];
      },
      async profile(id, { signal } = {}) {
        assertRecordId(id, "The profile id");
        const path = { profile_id: id };
        return (
          (await read(raw.GET("/crm/v8/settings/profiles/{profile_id}", { params: { path }, signal })))
            ?.profiles?.[0] ?? null
        );
      },
    },
    raw,
  };
}
