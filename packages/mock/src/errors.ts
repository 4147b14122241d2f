/**
 * Every error the mock answers, in the shapes real Zoho and Maton answers have (see zoho-samples/crm/examples_v8
 * and specs/maton.yaml). Handlers build errors only through these functions, so a new API group reuses the same
 * codes, messages and details.
 */

/** What a handler answers: a status, a JSON body (none: an empty response) and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A binary body instead of JSON (downloads), sent with `contentType`. */
  bytes?: Uint8Array;
  contentType?: string;
}

/** One item of a write answer's `data[]`. */
export type ItemResult = Record<string, unknown> & {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: "success" | "error";
};

export function isReply(value: unknown): value is Reply {
  return typeof value === "object" && value !== null && "status" in value && !Array.isArray(value);
}

// --- Zoho: request-level errors, `{code, details, message, status: "error"}` ---

export function zohoError(status: number, code: string, message: string, details: object = {}): Reply {
  return { status, body: { code, details, message, status: "error" } };
}

/** The same error inside `data[]`, as Zoho answers some whole-request errors of writes (INVALID_MODULE on create). */
export function wrapped(reply: Reply): Reply {
  return { status: reply.status, body: { data: [reply.body] } };
}

export const invalidToken = () => zohoError(401, "INVALID_TOKEN", "invalid oauth token");

export const invalidUrlPattern = () =>
  zohoError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");

export const invalidRequestMethod = () =>
  zohoError(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one");

export const invalidModule = () =>
  zohoError(400, "INVALID_MODULE", "the module name given seems to be invalid", { resource_path_index: 0 });

export const invalidBody = () =>
  zohoError(400, "INVALID_DATA", "either the request body or parameters is in wrong format");

export const requiredParamMissing = (param: string, message = "required param is missing") =>
  zohoError(400, "REQUIRED_PARAM_MISSING", message, { param_name: param });

export const expectedParamMissing = (params: readonly string[]) =>
  zohoError(400, "EXPECTED_PARAM_MISSING", "one of the expected parameter is missing", {
    param_names: [...params],
  });

/** A query parameter past its limit: `{limit, param_name}`. */
export const paramLimitExceeded = (param: string, limit: number) =>
  zohoError(400, "LIMIT_EXCEEDED", "limit exceeded", { limit, param_name: param });

/** A body array past its limit: `{limit, api_name, json_path}`. */
export const bodyLimitExceeded = (apiName: string, limit: number) =>
  zohoError(400, "LIMIT_EXCEEDED", "limit exceeded", { limit, api_name: apiName, json_path: `$.${apiName}` });

/** A query parameter with a bad value. */
export const invalidParam = (param: string, extra: object = {}) =>
  zohoError(400, "INVALID_DATA", "invalid data", { param_name: param, ...extra });

/** A top-level body key with a bad value (trigger, duplicate_check_fields). */
export const invalidBodyKey = (apiName: string) =>
  zohoError(400, "INVALID_DATA", "invalid data", { api_name: apiName, json_path: `$.${apiName}` });

/** An id in the path that names nothing (a user, a layout); `index` is its segment after the version. */
export const invalidPathId = (index: number) =>
  zohoError(400, "INVALID_DATA", "the id given seems to be invalid", { resource_path_index: index });

export const invalidQuery = (details: object, message = "Invalid query formed") =>
  zohoError(400, "INVALID_QUERY", message, details);

// --- Zoho: per-record errors, one `data[]` item each ---

export function itemError(code: string, message: string, details: Record<string, unknown>): ItemResult {
  return { code, details, message, status: "error" };
}

const at = (index: number, field: string) => `$.data[${index}].${field}`;

export const mandatoryNotFound = (field: string, index: number) =>
  itemError("MANDATORY_NOT_FOUND", "required field not found", {
    api_name: field,
    json_path: at(index, field),
  });

/** INVALID_DATA on one field; `extra` is expected_data_type, maximum_length or supported_values. */
export const invalidValue = (field: string, index: number, extra: Record<string, unknown> = {}) =>
  itemError("INVALID_DATA", "invalid data", { ...extra, api_name: field, json_path: at(index, field) });

export const invalidItem = (index: number) =>
  itemError("INVALID_DATA", "invalid data", { api_name: "data", json_path: `$.data[${index}]` });

export const invalidRecordId = (index: number) =>
  itemError("INVALID_DATA", "the related id given seems to be invalid", {
    api_name: "id",
    json_path: at(index, "id"),
  });

export interface DuplicateOf {
  id: string;
  owner: { name: string; id: string; zuid?: string };
  module: { api_name: string; id: string };
}

/** As zoho-samples/crm/examples_v8/createRecords__response_400_DuplicateDataError.json (and MultipleErrors). */
export const duplicateData = (field: string, index: number, existing: DuplicateOf) =>
  itemError("DUPLICATE_DATA", "duplicate data", {
    api_name: field,
    duplicate_record: { Owner: existing.owner, module: existing.module, id: existing.id },
    json_path: at(index, field),
    id: existing.id,
    more_records: false,
  });

/** Several errors of one record. */
export const multipleErrors = (errors: ItemResult[]) =>
  itemError("MULTIPLE_OR_MULTI_ERRORS", "Multiple errors in the request", { errors });

export const notDeleted = (id: string) => itemError("INVALID_DATA", "record not deleted", { id });

// --- Maton's control plane: `{error: {code, message}}` (specs/maton.yaml) ---

export function matonError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

export const matonUnauthorized = () => matonError(401, "UNAUTHORIZED", "Invalid API key");
export const matonNotFound = () => matonError(404, "NOT_FOUND", "Connection not found");
export const matonBadRequest = (message: string) => matonError(400, "BAD_REQUEST", message);
export const matonUrlNotFound = () => matonError(404, "NOT_FOUND", "No such endpoint");

// --- The gateway itself ---

/**
 * No usable connection for the request (Maton-Connection names none of this account's ACTIVE connections of the
 * app, or the app has none). Maton documents only the status (400); the code is the mock's.
 */
export const connectionNotFound = (app: string, named: boolean) =>
  zohoError(
    400,
    "CONNECTION_NOT_FOUND",
    named
      ? `The Maton-Connection header names no ACTIVE ${app} connection of this account.`
      : `This account has no ACTIVE ${app} connection: create one first.`,
  );
