/**
 * Tags: a module's tags (GET /settings/tags), and adding or removing tags on up to 500 records per call (by name,
 * which creates unknown tags, or by id), one result per record, at most 10 tags per record and 100 per module.
 * A record's tags are its Tag field.
 */

import {
  bodyLimitExceeded,
  type ItemResult,
  invalidModule,
  isReply,
  itemError,
  type Reply,
  requiredParamMissing,
  zohoError,
} from "../errors.js";
import type { MockTag } from "../group-store.js";
import type { GatewayState, RouteContext } from "../router.js";
import { isObject, zohoTime } from "../values.js";
import { findModule } from "./shared.js";

export const MAX_TAG_IDS = 500;
export const MAX_TAGS_PER_RECORD = 10;
export const MAX_TAGS_PER_MODULE = 100;
const COLORS = new Set([
  "#F17574",
  "#F48435",
  "#E7A826",
  "#A8C026",
  "#63C57E",
  "#1DB9B4",
  "#57B1FD",
  "#879BFC",
  "#D297EE",
  "#FD87BD",
  "#969696",
  "#658BA8",
  "#B88562",
]);

/** GET /settings/tags?module= */
export function getTags(ctx: RouteContext): Reply {
  const module = ctx.query.module;
  if (!module) return requiredParamMissing("module", "One of the expected parameter is missing");
  if (!findModule(ctx.state, module)) return invalidModule();
  const tags = ctx.state.groups.tags(module);
  return {
    status: 200,
    body: { tags: structuredClone(tags), info: { count: tags.length, allowed_count: MAX_TAGS_PER_MODULE } },
  };
}

const tagError = (code: string, message: string, index: number, key: string, extra: object = {}) =>
  zohoError(400, code, message, { ...extra, api_name: key, json_path: `$.tags[${index}].${key}` });

/** The module's tags the request names, creating those named anew (add only), or Zoho's error. */
function resolveTags(
  state: GatewayState,
  module: string,
  given: unknown[],
  create: boolean,
): MockTag[] | Reply {
  const tags = state.groups.tags(module);
  const out: MockTag[] = [];
  for (const [index, tag] of given.entries()) {
    if (!isObject(tag)) return tagError("INVALID_DATA", "invalid data", index, "name");
    if (tag.id !== undefined) {
      const found = tags.find((t) => t.id === tag.id);
      if (!found) return tagError("INVALID_DATA", "the id given seems to be invalid", index, "id");
      out.push(found);
      continue;
    }
    const name = tag.name;
    if (typeof name !== "string" || name.trim() === "") {
      return tagError("EXPECTED_FIELD_MISSING", "one of the expected field is missing", index, "name");
    }
    if ([...name].length > 25)
      return tagError("INVALID_DATA", "invalid data", index, "name", { maximum_length: 25 });
    const color = tag.color_code;
    if (color !== undefined && color !== null && !(typeof color === "string" && COLORS.has(color))) {
      return tagError("INVALID_DATA", "invalid data", index, "color_code", { supported_values: [...COLORS] });
    }
    const found = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (found) {
      if (color !== undefined && color !== found.color_code) {
        return tagError(
          "MAPPING_MISMATCH",
          "Given tag present with different color already.",
          index,
          "color_code",
        );
      }
      out.push(found);
      continue;
    }
    if (!create) continue;
    if (tags.length >= MAX_TAGS_PER_MODULE) {
      return zohoError(400, "LIMIT_EXCEEDED", "tags limit exceeded for the module", {
        limit: MAX_TAGS_PER_MODULE,
      });
    }
    const now = zohoTime(Date.now());
    const { name: userName, id: userId } = state.org.currentUser();
    const created: MockTag = {
      id: state.store.newId(),
      name,
      color_code: typeof color === "string" ? color : null,
      created_time: now,
      modified_time: now,
      created_by: { name: userName, id: userId },
      modified_by: { name: userName, id: userId },
    };
    tags.push(created);
    out.push(created);
  }
  return out;
}

type RecordTag = { name: string; id: string; color_code: string | null };

function tagsOf(value: unknown): RecordTag[] {
  return Array.isArray(value)
    ? value.flatMap((t) =>
        isObject(t) && typeof t.name === "string" && typeof t.id === "string"
          ? [{ name: t.name, id: t.id, color_code: typeof t.color_code === "string" ? t.color_code : null }]
          : [],
      )
    : [];
}

function retag(ctx: RouteContext, kind: "add" | "remove"): Reply {
  const { state } = ctx;
  const module = ctx.params.module!;
  if (!findModule(state, module)) return invalidModule();
  const body = isObject(ctx.body) ? ctx.body : {};
  if (!Array.isArray(body.tags) || body.tags.length === 0) {
    return zohoError(400, "MANDATORY_NOT_FOUND", "required field not found", {
      api_name: "tags",
      json_path: "$.tags",
    });
  }
  if (!Array.isArray(body.ids) || body.ids.length === 0) {
    return zohoError(400, "MANDATORY_NOT_FOUND", "required field not found", {
      api_name: "ids",
      json_path: "$.ids",
    });
  }
  if (body.ids.length > MAX_TAG_IDS) return bodyLimitExceeded("ids", MAX_TAG_IDS);
  const chosen = resolveTags(state, module, body.tags, kind === "add");
  if (isReply(chosen)) return chosen;
  const overwrite = body.over_write === true;
  const results = body.ids.map((id: unknown): ItemResult => {
    const record = typeof id === "string" ? state.store.get(module, id) : undefined;
    if (!record) return itemError("INVALID_DATA", "the id given seems to be invalid", { id });
    const current = overwrite && kind === "add" ? [] : tagsOf(record.Tag);
    let next: RecordTag[];
    if (kind === "add") {
      next = [...current];
      for (const tag of chosen) {
        if (!next.some((t) => t.id === tag.id))
          next.push({ name: tag.name, id: tag.id, color_code: tag.color_code });
      }
      if (next.length > MAX_TAGS_PER_RECORD) {
        return itemError("LIMIT_EXCEEDED", "tags limit exceeded for the record", {
          id,
          limit: MAX_TAGS_PER_RECORD,
        });
      }
    } else {
      next = current.filter((t) => !chosen.some((tag) => tag.id === t.id));
    }
    state.store.change(module, record, { Tag: next });
    return {
      code: "SUCCESS",
      details: { id, tags: structuredClone(next) },
      message: "tags updated successfully",
      status: "success",
    };
  });
  const ok = results.filter((r: ItemResult) => r.status === "success").length;
  return {
    status: ok === results.length ? 200 : ok === 0 ? 400 : 207,
    body: { data: results, wf_scheduler: false, success_count: String(ok), locked_count: "0" },
  };
}

/** POST /{module}/actions/add_tags */
export function addTags(ctx: RouteContext): Reply {
  return retag(ctx, "add");
}

/** POST /{module}/actions/remove_tags */
export function removeTags(ctx: RouteContext): Reply {
  return retag(ctx, "remove");
}

/** POST /{module}/actions/remove_tags?ids=&tag_names= (Bigin: the ids and tag names travel in the query). */
export function removeTagsByQuery(ctx: RouteContext): Reply {
  const list = (value: string | undefined) => (value ? value.split(",") : undefined);
  const names = list(ctx.query.tag_names);
  return retag(
    { ...ctx, body: { ids: list(ctx.query.ids), tags: names?.map((name) => ({ name })) } },
    "remove",
  );
}
