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
import { biginRecordsBackend } from "./backend.js";
import type { components, operations, paths } from "./generated/zoho-bigin.js";
import { checkBiginCriteria, checkPipelinesList, scopeHint } from "./rules.js";

export const BIGIN_BASE_URL = "https://gateway.maton.ai/zoho-bigin";

type Schemas = components["schemas"];
export type BiginOrg = Schemas["Org"];
export type BiginUser = Schemas["User"];
export type BiginModule = Schemas["Module"];
export type BiginField = Schemas["FieldMeta"];
export type BiginLayout = Schemas["Layout"];
export type BiginPageInfo = Schemas["PageInfo"];
export type BiginUserType = NonNullable<operations["getUsers"]["parameters"]["query"]>["type"];

/** Bigin requires the Team Pipeline on every list of Pipelines records. */
export interface BiginListExtras {
  Pipelines: { pipelineId: string };
}

/** A Team Pipeline: a layout of the Pipelines module. */
export interface TeamPipeline {
  /** The pipeline_id that records.list("Pipelines", { pipelineId }) takes. */
  id: string;
  name: string;
  /** The Stage values, in order. */
  stages: string[];
  /** Sub-pipelines: `value` is what records carry, `label` what Bigin shows. */
  subPipelines: Array<{ value: string; label: string }>;
}

interface Signal {
  signal?: AbortSignal;
}

export interface BiginClient<O extends OrgShape<O> = LooseOrg> {
  /** Records of any module; listing Pipelines needs `pipelineId`. */
  records: RecordsApi<O, BiginListExtras>;
  /** The org's Team Pipelines, from the Pipelines layouts. */
  pipelines: { list(options?: Signal): Promise<TeamPipeline[]> };
  org: { get(options?: Signal): Promise<BiginOrg> };
  users: {
    list(options?: { type?: BiginUserType; page?: number; perPage?: number } & Signal): Promise<{
      users: BiginUser[];
      info: BiginPageInfo | undefined;
    }>;
    get(id: string, options?: Signal): Promise<BiginUser | null>;
  };
  settings: {
    modules(options?: Signal): Promise<BiginModule[]>;
    module(apiName: string, options?: Signal): Promise<BiginModule | null>;
    fields(module: string, options?: Signal): Promise<BiginField[]>;
    layouts(module: string, options?: Signal): Promise<BiginLayout[]>;
  };
  /** The typed openapi-fetch client of the whole Bigin spec, with zohokit's auth, retries and limits. */
  raw: Client<paths>;
}

function picklist(layout: BiginLayout, apiName: string): Array<{ value: string; label: string }> {
  for (const section of layout.sections ?? []) {
    for (const field of section.fields ?? []) {
      if (field.api_name !== apiName) continue;
      return (field.pick_list_values ?? []).flatMap((v) => {
        const value = v.actual_value ?? v.display_value;
        return typeof value === "string" ? [{ value, label: v.display_value ?? value }] : [];
      });
    }
  }
  return [];
}

export function teamPipelines(layouts: BiginLayout[]): TeamPipeline[] {
  return layouts.map((layout) => ({
    id: layout.id,
    name: layout.display_label ?? layout.name,
    stages: picklist(layout, "Stage").map((stage) => stage.value),
    subPipelines: picklist(layout, "Sub_Pipeline"),
  }));
}

function settingsApi(core: CoreClient<paths>): BiginClient["settings"] {
  const { raw } = core;
  const api: BiginClient["settings"] = {
    async modules({ signal } = {}) {
      const at = "/bigin/v2/settings/modules";
      const { data } = await core.unwrap(raw.GET(at, { signal }));
      return data?.modules ?? [];
    },
    async module(apiName, options = {}) {
      assertModule(apiName);
      return (await api.modules(options)).find((m) => m.api_name === apiName) ?? null;
    },
    async fields(module, { signal } = {}) {
      assertModule(module);
      const at = "/bigin/v2/settings/fields";
      const { data } = await core.unwrap(raw.GET(at, { params: { query: { module } }, signal }));
      return data?.fields ?? [];
    },
    async layouts(module, { signal } = {}) {
      assertModule(module);
      const at = "/bigin/v2/settings/layouts";
      const { data } = await core.unwrap(raw.GET(at, { params: { query: { module } }, signal }));
      return data?.layouts ?? [];
    },
  };
  return api;
}

/**
 * A Zoho Bigin v2 client through the Maton gateway. Give it your generated `Org` type
 * (`createBiginClient<Org>()`) to check module names, fields, inputs and criteria at compile time.
 */
export function createBiginClient<O extends OrgShape<O> = LooseOrg>(
  options: ClientOptions = {},
): BiginClient<O> {
  const core = createCoreClient<paths>(options, { baseUrl: BIGIN_BASE_URL, hint: scopeHint });
  const { raw } = core;
  const records = createRecordsApi(core as CoreClient<{}>, {
    backend: biginRecordsBackend(core),
    checkList: checkPipelinesList,
    checkCriteria: checkBiginCriteria,
  });
  const settings = settingsApi(core);
  return {
    records: records as unknown as RecordsApi<O, BiginListExtras>,
    pipelines: {
      async list(options = {}) {
        return teamPipelines(await settings.layouts("Pipelines", options));
      },
    },
    org: {
      async get({ signal } = {}) {
        const { data } = await core.unwrap(raw.GET("/bigin/v2/org", { signal }));
        const org = data?.org?.[0];
        if (!org) throw new ZohoKitError("GET /bigin/v2/org answered without an org.");
        return org;
      },
    },
    users: {
      async list({ type, page, perPage, signal } = {}) {
        const query: NonNullable<operations["getUsers"]["parameters"]["query"]> = {};
        if (type !== undefined) query.type = type;
        if (page !== undefined) query.page = page;
        if (perPage !== undefined) query.per_page = perPage;
        const { data } = await core.unwrap(raw.GET("/bigin/v2/users", { params: { query }, signal }));
        return { users: data?.users ?? [], info: data?.info };
      },
      async get(id, { signal } = {}) {
        assertRecordId(id, "The user id");
        const { data } = await core.unwrap(
          raw.GET("/bigin/v2/users/{user_id}", { params: { path: { user_id: id } }, signal }),
        );
        return data?.users?.[0] ?? null;
      },
    },
    settings,
    raw,
  };
}
