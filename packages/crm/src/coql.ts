import type { CoqlApi, RecordsExportApi } from "@zohokit/core";
import { type CoreClient, createCoqlApi, createExport, type LooseRecordsApi } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-crm.js";

const COQL_PATH = "/crm/v8/coql";
const inSpec: typeof COQL_PATH extends keyof paths ? true : never = true;

/** COQL (POST /crm/v8/coql) typed by the org, and records.export built on it. */
export function crmCoql<O>(
  core: CoreClient<paths>,
  records: LooseRecordsApi,
): { coql: CoqlApi<O>; exporter: RecordsExportApi<O> } {
  void inSpec;
  const context = core as unknown as Parameters<typeof createCoqlApi>[0];
  const config = { path: COQL_PATH };
  return {
    coql: createCoqlApi(context, config) as unknown as CoqlApi<O>,
    exporter: { export: createExport(context, config, records.iterate) } as unknown as RecordsExportApi<O>,
  };
}
