import {
  assertModule,
  assertRecordId,
  type CoreClient,
  createOrgAndUsers,
  type OrgApi,
  recordsContext,
  type UsersApi,
} from "@zohokit/core/internal";
import type { components, operations, paths } from "./generated/zoho-crm.js";

type Schemas = components["schemas"];
export type CrmOrg = Schemas["Org"];
export type CrmUser = Schemas["User"];
export type CrmModule = Schemas["Module"];
export type CrmField = Schemas["FieldMeta"];
export type CrmLayout = Schemas["Layout"];
export type CrmRole = Schemas["Role"];
export type CrmProfile = Schemas["Profile"];
export type CrmPageInfo = Schemas["PageInfo"];
export type CrmRelatedList = Schemas["RelatedList"];
export type UserType = NonNullable<operations["getUsers"]["parameters"]["query"]>["type"];

interface Signal {
  signal?: AbortSignal;
}

export type CrmOrgApi = OrgApi<CrmOrg>;

export type CrmUsersApi = UsersApi<CrmUser, CrmPageInfo, UserType>;

const orgAndUsersInSpec: "/crm/v8/org" | "/crm/v8/users" | "/crm/v8/users/{user_id}" extends keyof paths
  ? true
  : never = true;

export interface CrmSettingsApi {
  modules(options?: { status?: string } & Signal): Promise<CrmModule[]>;
  module(apiName: string, options?: Signal): Promise<CrmModule | null>;
  fields(module: string, options?: { type?: "all" | "unused" } & Signal): Promise<CrmField[]>;
  layouts(module: string, options?: Signal): Promise<CrmLayout[]>;
  layout(module: string, id: string, options?: Signal): Promise<CrmLayout | null>;
  /** The module's related lists: the names related.list() takes (`api_name`) and the module each holds. */
  relatedLists(module: string, options?: { layoutId?: string } & Signal): Promise<CrmRelatedList[]>;
  roles(options?: Signal): Promise<CrmRole[]>;
  role(id: string, options?: Signal): Promise<CrmRole | null>;
  profiles(options?: Signal): Promise<CrmProfile[]>;
  profile(id: string, options?: Signal): Promise<CrmProfile | null>;
}

/** The org, its users and its metadata: one GET each. */
export function crmMetadata(core: CoreClient<paths>) {
  const get = <P extends keyof paths & string>(
    path: P,
    signal: AbortSignal | undefined,
    params?: Record<string, string>,
    query?: Record<string, string | number | undefined>,
  ) => core.request({ method: "GET", path, params, query, signal }).then((reply) => reply.body);

  const settings: CrmSettingsApi = {
    async modules({ status, signal } = {}) {
      return (await get("/crm/v8/settings/modules", signal, undefined, { status }))?.modules ?? [];
    },
    async module(apiName, { signal } = {}) {
      assertModule(apiName);
      const path = "/crm/v8/settings/modules/{module_api_name}";
      return (await get(path, signal, { module_api_name: apiName }))?.modules?.[0] ?? null;
    },
    async fields(module, { type, signal } = {}) {
      assertModule(module);
      return (await get("/crm/v8/settings/fields", signal, undefined, { module, type }))?.fields ?? [];
    },
    async layouts(module, { signal } = {}) {
      assertModule(module);
      return (await get("/crm/v8/settings/layouts", signal, undefined, { module }))?.layouts ?? [];
    },
    async layout(module, id, { signal } = {}) {
      assertModule(module);
      assertRecordId(id, "The layout id");
      const path = "/crm/v8/settings/layouts/{layout_id}";
      return (await get(path, signal, { layout_id: id }, { module }))?.layouts?.[0] ?? null;
    },
    async relatedLists(module, { layoutId, signal } = {}) {
      assertModule(module);
      if (layoutId !== undefined) assertRecordId(layoutId, "The layout id");
      const query = { module, layout_id: layoutId };
      return (await get("/crm/v8/settings/related_lists", signal, undefined, query))?.related_lists ?? [];
    },
    async roles({ signal } = {}) {
      return (await get("/crm/v8/settings/roles", signal))?.roles ?? [];
    },
    async role(id, { signal } = {}) {
      assertRecordId(id, "The role id");
      return (await get("/crm/v8/settings/roles/{role_id}", signal, { role_id: id }))?.roles?.[0] ?? null;
    },
    async profiles({ signal } = {}) {
      return (await get("/crm/v8/settings/profiles", signal))?.profiles ?? [];
    },
    async profile(id, { signal } = {}) {
      assertRecordId(id, "The profile id");
      const path = "/crm/v8/settings/profiles/{profile_id}";
      return (await get(path, signal, { profile_id: id }))?.profiles?.[0] ?? null;
    },
  };

  void orgAndUsersInSpec;
  return {
    ...createOrgAndUsers<CrmOrg, CrmUser, CrmPageInfo, UserType>(recordsContext(core), "/crm/v8"),
    settings,
  };
}
