import type { RecordsSyncApi } from "@zohokit/core";
import { createRecordsSync, type GroupContext } from "@zohokit/core/internal";
import type { paths } from "./generated/zoho-crm.js";

const inSpec: "/crm/v8/{module_api_name}/deleted" extends keyof paths ? true : never = true;

/** records.deleted and records.changes of CRM. */
export function crmRecordsSync<O>(core: GroupContext): RecordsSyncApi<O> {
  void inSpec;
  return createRecordsSync(core, "/crm/v8") as unknown as RecordsSyncApi<O>;
}
