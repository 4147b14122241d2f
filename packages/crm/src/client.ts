import {
  assertModule,
  assertRecordId,
  type ClientOptions,
  type CoreClient,
  createCoreClient,
  createRecordsApi,
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

function settingsApi(core: CoreClient<paths>): CrmClient["settings"] {
  const { raw } = core;
  return {
    async modules({ status, signal } = {}) {
      const query = status === undefined ? {} : { status };
      const { data } = await core.unwrap(raw.GET("/crm/v8/settings/modules", { params: { query }, signal }));
      return data?.modules ?? [];
    },
    async module(apiName, { signal } = {}) {
      assertModule(apiName);
      const { data } = await core.unwrap(
        raw.GET("/crm/v8/settings/modules/{module_api_name}", {
          params: { path: { module_api_name: apiName } },
          signal,
        }),
      );
      return data?.modules?.[0] ?? null;
    },
    async fields(module, { type, signal } = {}) {
      assertModule(module);
      const query = type === undefined ? { module } : { module, type };
      const { data } = await core.unwrap(raw.GET("/crm/v8/settings/fields", { params: { query }, signal }));
      return data?.fields ?? [];
    },
    async layouts(module, { signal } = {}) {
      assertModule(module);
      const { data } = await core.unwrap(
        raw.GET("/crm/v8/settings/layouts", { params: { query: { module } }, signal }),
      );
      return data?.layouts ?? [];
    },
    async layout(module, id, { signal } = {}) {
      assertModule(module);
      assertRecordId(id, "The layout id");
      const { data } = await core.unwrap(
        raw.GET("/crm/v8/settings/layouts/{layout_id}", {
          params: { path: { layout_id: id }, query: { module } },
          signal,
        }),
      );
      return data?.layouts?.[0] ?? null;
    },
    async roles({ signal } = {}) {
      const { data } = await core.unwrap(raw.GET("/crm/v8/settings/roles", { signal }));
      return data?.roles ?? [];
    },
    async role(id, { signal } = {}) {
      assertRecordId(id, "The role id");
      const { data } = await core.unwrap(
        raw.GET("/crm/v8/settings/roles/{role_id}", { params: { path: { role_id: id } }, signal }),
      );
      return data?.roles?.[0] ?? null;
    },
    async profiles({ signal } = {}) {
      const { data } = await core.unwrap(raw.GET("/crm/v8/settings/profiles", { signal }));
      return data?.profiles ?? [];
    },
    async profile(id, { signal } = {}) {
      assertRecordId(id, "The profile id");
      const { data } = await core.unwrap(
        raw.GET("/crm/v8/settings/profiles/{profile_id}", { params: { path: { profile_id: id } }, signal }),
      );
      return data?.profiles?.[0] ?? null;
    },
  };
}

/**
 * A Zoho CRM v8 client through the Maton gateway. Give it your generated `Org` type
 * (`createCrmClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createCrmClient<O extends OrgShape<O> = LooseOrg>(options: ClientOptions = {}): CrmClient<O> {
  const core = createCoreClient<paths>(options, { baseUrl: CRM_BASE_URL });
  const { raw } = core;
  const records = createRecordsApi(core as CoreClient<{}>, { backend: crmRecordsBackend(core) });
  return {
    records: records as unknown as RecordsApi<O>,
    org: {
      async get({ signal } = {}) {
        const { data } = await core.unwrap(raw.GET("/crm/v8/org", { signal }));
        const org = data?.org?.[0];
        if (!org) throw new ZohoKitError("GET /crm/v8/org answered without an org.");
        return org;
      },
    },
    users: {
      async list({ type, page, perPage, signal } = {}) {
        const query: NonNullable<operations["getUsers"]["parameters"]["query"]> = {};
        if (type !== undefined) query.type = type;
        if (page !== undefined) query.page = page;
        if (perPage !== undefined) query.per_page = perPage;
        const { data } = await core.unwrap(raw.GET("/crm/v8/users", { params: { query }, signal }));
        return { users: data?.users ?? [], info: data?.info };
      },
      async get(id, { signal } = {}) {
        assertRecordId(id, "The user id");
        const { data } = await core.unwrap(
          raw.GET("/crm/v8/users/{user_id}", { params: { path: { user_id: id } }, signal }),
        );
        return data?.users?.[0] ?? null;
      },
    },
    settings: settingsApi(core),
    raw,
  };
}
