/** Deleted records: those deleted through the API, newest first, by type, paged, with If-Modified-Since. */

import { invalidModule, isReply, type Reply, zohoError } from "../errors.js";
import type { RouteContext } from "../router.js";
import { after, modifiedSince, pageOf } from "./paging.js";
import { findModule } from "./shared.js";

const TYPES = ["all", "recycle", "permanent"];

/** GET /{module}/deleted?type=all|recycle|permanent */
export function getDeletedRecords(ctx: RouteContext): Reply {
  const module = ctx.params.module!;
  if (!findModule(ctx.state, module)) return invalidModule();
  const type = ctx.query.type || "all";
  if (!TYPES.includes(type)) {
    return zohoError(400, "PATTERN_NOT_MATCHED", "The value for the type parameter is invalid", {
      param_name: "type",
    });
  }
  const since = modifiedSince(ctx);
  if (isReply(since)) return since;
  const rows = [...ctx.state.store.deleted(module)]
    .reverse()
    .filter(
      (d) => (type === "all" || d.type === type) && (since === undefined || after(d.deleted_time, since)),
    );
  const page = pageOf(ctx, rows, { tokens: false, binding: [type, since], since });
  if (isReply(page)) return page;
  return { status: 200, body: { data: structuredClone(page.slice), info: page.info } };
}
