import {
  assertModule,
  type CoreClient,
  createOrgAndUsers,
  type OrgApi,
  recordsContext,
  type UsersApi,
} from "@zohokit/core/internal";
import type { components, operations, paths } from "./generated/zoho-bigin.js";

type Schemas = components["schemas"];
export type BiginOrg = Schemas["Org"];
export type BiginUser = Schemas["User"];
export type BiginModule = Schemas["Module"];
export type BiginField = Schemas["FieldMeta"];
export type BiginLayout = Schemas["Layout"];
export type BiginPageInfo = Schemas["PageInfo"];
export type BiginRelatedList = Schemas["RelatedListMeta"];
export type BiginUserType = NonNullable<operations["getUsers"]["parameters"]["query"]>["type"];

interface Signal {
  signal?: AbortSignal;
}

export type BiginOrgApi = OrgApi<BiginOrg>;

export type BiginUsersApi = UsersApi<BiginUser, BiginPageInfo, BiginUserType>;

const orgAndUsersInSpec: "/bigin/v2/org" | "/bigin/v2/users" | "/bigin/v2/users/{user_id}" extends keyof paths
  ? true
  : never = true;

export interface BiginSettingsApi {
  modules(options?: Signal): Promise<BiginModule[]>;
  module(apiName: string, options?: Signal): Promise<BiginModule | null>;
  fields(module: string, options?: Signal): Promise<BiginField[]>;
  layouts(module: string, options?: Signal): Promise<BiginLayout[]>;
  /** The module's related lists: the names a related-records read takes (`api_name`) and the module each holds. */
  relatedLists(module: string, options?: Signal): Promise<BiginRelatedList[]>;
}

/** The org, its users and its metadata: one GET each. */
export function biginMetadata(core: CoreClient<paths>) {
  const get = <P extends keyof paths & string>(
    path: P,
    signal: AbortSignal | undefined,
    params?: Record<string, string>,
    query?: Record<string, string | number | undefined>,
  ) => core.request({ method: "GET", path, params, query, signal }).then((reply) => reply.body);

  const settings: BiginSettingsApi = {
    async modules({ signal } = {}) {
      return (await get("/bigin/v2/settings/modules", signal))?.modules ?? [];
    },
    async module(apiName, { signal } = {}) {
      assertModule(apiName);
      const path = "/bigin/v2/settings/modules/{module_api_name}";
      return (await get(path, signal, { module_api_name: apiName }))?.modules?.[0] ?? null;
    },
    async fields(module, { signal } = {}) {
      assertModule(module);
      return (await get("/bigin/v2/settings/fields", signal, undefined, { module }))?.fields ?? [];
    },
    async layouts(module, { signal } = {}) {
      assertModule(module);
      return (await get("/bigin/v2/settings/layouts", signal, undefined, { module }))?.layouts ?? [];
    },
    async relatedLists(module, { signal } = {}) {
      assertModule(module);
      const path = "/bigin/v2/settings/related_lists";
      return (await get(path, signal, undefined, { module }))?.related_lists ?? [];
    },
  };

  void orgAndUsersInSpec;
  return {
    ...createOrgAndUsers<BiginOrg, BiginUser, BiginPageInfo, BiginUserType>(
      recordsContext(core),
      "/bigin/v2",
    ),
    settings,
  };
}
