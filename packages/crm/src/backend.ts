import type { CoreClient, RecordsBackend } from "@zohokit/core";
import type { paths } from "./generated/zoho-crm.js";

type CrmCore = CoreClient<paths>;

/** The records API's requests as typed openapi-fetch calls on the CRM spec. */
export function crmRecordsBackend(core: CrmCore): RecordsBackend {
  const { raw, transport } = core;
  const moduleParam = (module: string) => ({ module_api_name: module });
  return {
    prefix: "/crm/v8",
    list: (module, query, _options, signal) =>
      raw.GET("/crm/v8/{module_api_name}", { params: { path: moduleParam(module), query }, signal }),
    get: (module, id, query, signal) =>
      raw.GET("/crm/v8/{module_api_name}/{record_id}", {
        params: { path: { module_api_name: module, record_id: id }, query },
        signal,
      }),
    create: (module, body, signal, fetch) =>
      raw.POST("/crm/v8/{module_api_name}", {
        params: { path: moduleParam(module) },
        body: body as paths["/crm/v8/{module_api_name}"]["post"]["requestBody"]["content"]["application/json"],
        signal,
        fetch: fetch && transport.fetchIdempotent,
      }),
    update: (module, body, signal) =>
      raw.PUT("/crm/v8/{module_api_name}", {
        params: { path: moduleParam(module) },
        body: body as paths["/crm/v8/{module_api_name}"]["put"]["requestBody"]["content"]["application/json"],
        signal,
      }),
    upsert: (module, body, signal) =>
      raw.POST("/crm/v8/{module_api_name}/upsert", {
        params: { path: moduleParam(module) },
        body: body as paths["/crm/v8/{module_api_name}/upsert"]["post"]["requestBody"]["content"]["application/json"],
        signal,
        fetch: transport.fetchIdempotent,
      }),
    delete: (module, query, signal) =>
      raw.DELETE("/crm/v8/{module_api_name}", { params: { path: moduleParam(module), query }, signal }),
    search: (module, query, signal) =>
      raw.GET("/crm/v8/{module_api_name}/search", { params: { path: moduleParam(module), query }, signal }),
    count: (module, query, signal) =>
      raw.GET("/crm/v8/{module_api_name}/actions/count", {
        params: { path: moduleParam(module), query },
        signal,
      }),
  };
}
