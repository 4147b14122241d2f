import type { CoreClient, RecordsBackend } from "@zohokit/core";
import type { paths } from "./generated/zoho-bigin.js";

type Body<P extends keyof paths, M extends "post" | "put"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** The records API's requests as typed openapi-fetch calls on the Bigin spec. */
export function biginRecordsBackend(core: CoreClient<paths>): RecordsBackend {
  const { raw, transport } = core;
  const moduleParam = (module: string) => ({ module_api_name: module });
  return {
    prefix: "/bigin/v2",
    list: (module, query, options, signal) => {
      if (module === "Pipelines") {
        const pipelineId = (options as { pipelineId: string }).pipelineId;
        return raw.GET("/bigin/v2/Pipelines", {
          params: { query: { ...query, pipeline_id: pipelineId } },
          signal,
        });
      }
      return raw.GET("/bigin/v2/{module_api_name}", { params: { path: moduleParam(module), query }, signal });
    },
    get: (module, id, query, signal) =>
      raw.GET("/bigin/v2/{module_api_name}/{record_id}", {
        params: { path: { module_api_name: module, record_id: id }, query },
        signal,
      }),
    create: (module, body, signal, fetch) =>
      raw.POST("/bigin/v2/{module_api_name}", {
        params: { path: moduleParam(module) },
        body: body as Body<"/bigin/v2/{module_api_name}", "post">,
        signal,
        fetch: fetch && transport.fetchIdempotent,
      }),
    update: (module, body, signal) =>
      raw.PUT("/bigin/v2/{module_api_name}", {
        params: { path: moduleParam(module) },
        body: body as Body<"/bigin/v2/{module_api_name}", "put">,
        signal,
      }),
    upsert: (module, body, signal) =>
      raw.POST("/bigin/v2/{module_api_name}/upsert", {
        params: { path: moduleParam(module) },
        body: body as Body<"/bigin/v2/{module_api_name}/upsert", "post">,
        signal,
        fetch: transport.fetchIdempotent,
      }),
    delete: (module, query, signal) =>
      raw.DELETE("/bigin/v2/{module_api_name}", { params: { path: moduleParam(module), query }, signal }),
    search: (module, query, signal) =>
      raw.GET("/bigin/v2/{module_api_name}/search", { params: { path: moduleParam(module), query }, signal }),
    count: (module, query, signal) =>
      raw.GET("/bigin/v2/{module_api_name}/actions/count", {
        params: { path: moduleParam(module), query },
        signal,
      }),
  };
}
