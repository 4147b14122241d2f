/**
 * Records by id in as few calls as possible: `GET {prefix}/{module}?ids=a,b,c&fields=...` takes at most 100 ids per
 * call (Zoho CRM v8 "Get Records", `ids`); Zoho answers the records that exist, so the rest are reported as not found.
 */
import { ZohoKitError } from "../errors.js";
import { assertModule, assertOptions, assertRecordId } from "../validate.js";
import type { RecordsContext } from "./context.js";
import { fieldsParam } from "./options.js";
import type { FieldOf, SelectedRecord } from "./org.js";
import type { ZohoRecord } from "./types.js";

export const MAX_IDS_PER_GET = 100;

export interface GetManyOptions {
  fields: readonly string[];
  signal?: AbortSignal;
}

export interface GetManyResult<R> {
  /** The records found, in the order of the ids asked for. */
  records: R[];
  /** Ids asked for that Zoho did not return (deleted, never existed, or not visible to the user). */
  notFound: string[];
}

/** Most ids one getMany takes: 100 calls of 100. */
export const MAX_GET_MANY_IDS = 10_000;

export function createGetMany(core: RecordsContext, prefix: string) {
  return async function getMany(
    module: string,
    ids: readonly string[],
    options: GetManyOptions,
  ): Promise<GetManyResult<ZohoRecord>> {
    assertModule(module);
    assertOptions(options, "getMany options");
    if (!Array.isArray(ids)) throw new ZohoKitError("records.getMany takes an array of record ids.");
    if (ids.length > MAX_GET_MANY_IDS) {
      throw new ZohoKitError(
        `records.getMany takes at most ${MAX_GET_MANY_IDS} ids (${ids.length} given): split them, or use records.iterate.`,
      );
    }
    for (const id of ids) assertRecordId(id, "Each id");
    const fields = fieldsParam(options.fields, true)!;
    const unique = [...new Set(ids)];
    const found = new Map<string, ZohoRecord>();
    for (let at = 0; at < unique.length; at += MAX_IDS_PER_GET) {
      const chunk = unique.slice(at, at + MAX_IDS_PER_GET);
      const { body } = await core.request({
        method: "GET",
        path: `${prefix}/{module_api_name}`,
        params: { module_api_name: module },
        query: { ids: chunk.join(","), fields },
        signal: options.signal,
      });
      const data = (body as { data?: unknown } | undefined)?.data;
      if (!Array.isArray(data)) continue;
      for (const record of data as ZohoRecord[]) {
        if (record !== null && typeof record === "object" && typeof record.id === "string")
          found.set(record.id, record);
      }
    }
    return {
      records: unique.filter((id) => found.has(id)).map((id) => found.get(id)!),
      notFound: unique.filter((id) => !found.has(id)),
    };
  };
}

/** records.getMany typed by the org: the module's fields, records with the fields asked for. */
export interface GetManyApi<O> {
  /**
   * Records by id, 100 ids per call (up to 10,000 ids); the records found in the order asked, and the ids Zoho did
   * not return in notFound. Repeated ids are asked for once.
   */
  getMany<M extends keyof O & string, F extends FieldOf<O, M>>(
    module: M,
    ids: readonly string[],
    options: { fields: readonly F[]; signal?: AbortSignal },
  ): Promise<GetManyResult<SelectedRecord<O, M, F>>>;
}
