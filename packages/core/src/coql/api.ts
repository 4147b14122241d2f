import { createExport } from "./export.js";
import { createQuery } from "./query.js";
import { type CoqlConfig, type CoqlContext, runCoql } from "./run.js";
import { coqlValue } from "./value.js";

/** COQL with loose types; @zohokit/crm gives it the org-typed signatures (CoqlApi, RecordsExportApi). */
export function createCoqlApi(core: CoqlContext, config: CoqlConfig) {
  return {
    select: (module: string, fields: readonly string[]) => createQuery(core, config, module, fields),
    run: (text: string, options: { signal?: AbortSignal } = {}) =>
      runCoql(core, config, text, options.signal),
    value: (value: Parameters<typeof coqlValue>[0]) => coqlValue(value),
  };
}

export { createExport };
