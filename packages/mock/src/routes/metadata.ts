/**
 * The org's metadata, as Zoho answers it: org, users, settings/modules, settings/fields, settings/layouts. Served
 * from the org snapshot (so `zohokit typegen --base-url <mock url>` reads the user's org back), or made up from
 * the app's standard modules.
 */

import {
  invalidModule,
  invalidParam,
  invalidPathId,
  isReply,
  type Reply,
  requiredParamMissing,
} from "../errors.js";
import type { RouteContext } from "../router.js";
import { isObject } from "../values.js";
import { MAX_PER_PAGE, parseCount } from "./shared.js";

const USER_TYPES: Record<string, (user: Record<string, unknown>) => boolean> = {
  AllUsers: () => true,
  ActiveUsers: (u) => u.status === undefined || u.status === "active",
  DeactiveUsers: (u) => u.status === "disabled",
  DeletedUsers: (u) => u.status === "deleted",
  ConfirmedUsers: (u) => u.confirm !== false,
  NotConfirmedUsers: (u) => u.confirm === false,
  ActiveConfirmedUsers: (u) => (u.status === undefined || u.status === "active") && u.confirm !== false,
  AdminUsers: (u) => isObject(u.profile) && u.profile.name === "Administrator",
  ActiveConfirmedAdmins: (u) =>
    isObject(u.profile) && u.profile.name === "Administrator" && (u.status ?? "active") === "active",
};

/** GET /org */
export function getOrg(ctx: RouteContext): Reply {
  return { status: 200, body: { org: [ctx.state.org.orgInfo()] } };
}

/** GET /users: by type, paged; 204 when no user is of the type. */
export function getUsers(ctx: RouteContext): Reply {
  const { query, state } = ctx;
  const type = query.type || "AllUsers";
  const all = state.org.users();
  let users: Record<string, unknown>[];
  if (type === "CurrentUser") {
    const current = state.org.currentUser();
    users = all.filter((u) => u.id === current.id);
  } else {
    const filter = USER_TYPES[type];
    if (!filter)
      return invalidParam("type", { supported_values: [...Object.keys(USER_TYPES), "CurrentUser"] });
    users = all.filter(filter);
  }
  if (query.ids) {
    const ids = new Set(query.ids.split(","));
    users = users.filter((u) => typeof u.id === "string" && ids.has(u.id));
  }
  const perPage = parseCount(query, "per_page", MAX_PER_PAGE, MAX_PER_PAGE);
  if (isReply(perPage)) return perPage;
  const page = parseCount(query, "page", 1, 1_000_000);
  if (isReply(page)) return page;
  const slice = users.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      users: slice,
      info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length },
    },
  };
}

/** GET /users/{user_id} */
export function getUser(ctx: RouteContext): Reply {
  const user = ctx.state.org.users().find((u) => u.id === ctx.params.user_id);
  if (!user) return invalidPathId(1);
  return { status: 200, body: { users: [user] } };
}

/** GET /settings/modules */
export function getModules(ctx: RouteContext): Reply {
  return { status: 200, body: { modules: ctx.state.org.modules() } };
}

/** GET /settings/modules/{module_api_name}: the module, as the only item of `modules`. */
export function getModule(ctx: RouteContext): Reply {
  const name = ctx.params.module_api_name;
  const module = ctx.state.org.modules().find((m) => isObject(m) && m.api_name === name);
  return module ? { status: 200, body: { modules: [module] } } : invalidModule();
}

/** `module` of settings/fields and settings/layouts: required, and a module of the org. */
function moduleParam(ctx: RouteContext): string | Reply {
  const module = ctx.query.module;
  if (!module) return requiredParamMissing("module", "required param not found");
  return module;
}

/** GET /settings/fields?module=X */
export function getFields(ctx: RouteContext): Reply {
  const module = moduleParam(ctx);
  if (isReply(module)) return module;
  const fields = ctx.state.org.fields(module);
  if (fields === undefined) return invalidModule();
  return { status: 200, body: { fields } };
}

/** GET /settings/layouts?module=X (Bigin's Pipelines: the Team Pipelines) */
export function getLayouts(ctx: RouteContext): Reply {
  const module = moduleParam(ctx);
  if (isReply(module)) return module;
  const layouts = ctx.state.org.layouts(module);
  if (layouts === undefined) return invalidModule();
  return { status: 200, body: { layouts } };
}

/** GET /settings/layouts/{layout_id}?module=X (CRM) */
export function getLayout(ctx: RouteContext): Reply {
  const module = moduleParam(ctx);
  if (isReply(module)) return module;
  const layouts = ctx.state.org.layouts(module);
  if (layouts === undefined) return invalidModule();
  const layout = layouts.find((l) => isObject(l) && l.id === ctx.params.layout_id);
  if (!layout) return invalidPathId(2);
  return { status: 200, body: { layouts: [layout] } };
}
