/** The body Zoho POSTs to a channel's notify_url, parsed into an event (specs/common/notifications.yaml). */
import { isObject } from "../error-body.js";

export type NotificationOperation = "insert" | "update" | "delete";

export interface NotificationEvent<M extends string = string> {
  /** The channel that sent it (`channel_id`, as a string of digits). */
  channelId: string;
  module: M;
  operation: NotificationOperation;
  /** The records the change is about; one callback may carry several. */
  ids: string[];
  /** Per record id, the API names of the fields that changed (updates; empty for inserts and deletes). */
  affectedFields: Record<string, string[]>;
  /** Per record id, the changed values (channels enabled with return_affected_field_values). */
  affectedValues: Record<string, Record<string, unknown>>;
  /** When Zoho sent it (`server_time`, milliseconds since the epoch). */
  serverTime: number;
  resourceUri?: string;
  /** The query parameters of the channel's notify_url, as Zoho echoes them. */
  queryParams: Record<string, unknown>;
}

const OPERATIONS: readonly string[] = ["insert", "update", "delete"];
const isId = (value: unknown): value is string | number =>
  (typeof value === "string" && /^[0-9]{1,30}$/.test(value)) ||
  (typeof value === "number" && Number.isSafeInteger(value) && value >= 0);

/** The event of a callback body, or the reason it is not one (the handler answers 400 with it). */
export function parseCallback(body: unknown): NotificationEvent | string {
  if (!isObject(body)) return "The body is not a JSON object.";
  const { module, operation, ids, channel_id: channel, server_time: time } = body;
  if (typeof module !== "string" || module === "") return "module is missing.";
  if (typeof operation !== "string" || !OPERATIONS.includes(operation))
    return "operation is not insert, update or delete.";
  if (!Array.isArray(ids) || !ids.every(isId)) return "ids is not a list of record ids.";
  if (!isId(channel)) return "channel_id is missing.";
  if (typeof time !== "number" || !Number.isFinite(time)) return "server_time is missing.";
  const affectedFields: Record<string, string[]> = {};
  if (Array.isArray(body.affected_fields)) {
    for (const entry of body.affected_fields) {
      if (!isObject(entry)) continue;
      for (const [id, fields] of Object.entries(entry)) {
        if (Array.isArray(fields))
          affectedFields[id] = fields.filter((f): f is string => typeof f === "string");
      }
    }
  }
  const affectedValues: Record<string, Record<string, unknown>> = {};
  if (Array.isArray(body.affected_values)) {
    for (const entry of body.affected_values) {
      if (isObject(entry) && isId(entry.record_id) && isObject(entry.values)) {
        affectedValues[String(entry.record_id)] = entry.values;
      }
    }
  }
  return {
    channelId: String(channel),
    module,
    operation: operation as NotificationOperation,
    ids: ids.map(String),
    affectedFields,
    affectedValues,
    serverTime: time,
    ...(typeof body.resource_uri === "string" ? { resourceUri: body.resource_uri } : {}),
    queryParams: isObject(body.query_params) ? body.query_params : {},
  };
}
