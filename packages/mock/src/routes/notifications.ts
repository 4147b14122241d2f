/**
 * Watch channels (/actions/watch: enable, list, replace, patch, disable) and the notifications they send: after a
 * record write succeeds, each channel watching the module's operation gets Zoho's callback POSTed to its
 * notify_url, with its token. Only loopback URLs are called (the mock never reaches out), each delivery times out
 * after 5 s, and at most 100 deliveries are in flight (more are dropped and counted).
 */

import { type Reply, zohoError } from "../errors.js";
import type { RouteContext } from "../router.js";
import { isObject, zohoTime } from "../values.js";
import { findModule } from "./shared.js";

interface MockChannel {
  channel_id: string;
  events: string[];
  notify_url: string;
  token?: string;
  channel_expiry: string;
  return_affected_field_values?: boolean;
  notify_on_related_action?: boolean;
}

const MAX_IN_FLIGHT = 100;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const books = new WeakMap<object, Map<string, MockChannel>>();
let inFlight = 0;
/** Deliveries dropped because too many were in flight, or refused as not loopback. */
export const deliveryStats = { sent: 0, dropped: 0, failed: 0 };

function book(ctx: RouteContext): Map<string, MockChannel> {
  let channels = books.get(ctx.state.store);
  if (!channels) {
    channels = new Map();
    books.set(ctx.state.store, channels);
  }
  return channels;
}

const item = (status: "success" | "error", code: string, message: string, details: object = {}) => ({
  status,
  code,
  message,
  details,
});

function check(
  ctx: RouteContext,
  raw: unknown,
  full: boolean,
  mustExist: boolean,
): MockChannel | ReturnType<typeof item> {
  if (!isObject(raw)) return item("error", "INVALID_DATA", "invalid data");
  const id = typeof raw.channel_id === "number" ? String(raw.channel_id) : raw.channel_id;
  if (typeof id !== "string" || !/^\d{1,19}$/.test(id)) {
    return item("error", "MANDATORY_NOT_FOUND", "required field not found", { api_name: "channel_id" });
  }
  const old = book(ctx).get(id);
  if (mustExist && !old)
    return item("error", "NOT_SUBSCRIBED", "channel not subscribed", { api_name: "channel_id" });
  const events = raw.events ?? (full ? undefined : old?.events);
  if (!Array.isArray(events) || events.length === 0) {
    return item("error", "MANDATORY_NOT_FOUND", "required field not found", { api_name: "events" });
  }
  for (const event of events) {
    const [module, op] = typeof event === "string" ? event.split(".") : [];
    if (
      !module ||
      !findModule(ctx.state, module) ||
      !["create", "edit", "delete", "all"].includes(op ?? "")
    ) {
      return item("error", "INVALID_DATA", "invalid data", { api_name: "events" });
    }
  }
  const url = raw.notify_url ?? (full ? undefined : old?.notify_url);
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
    return item("error", "MANDATORY_NOT_FOUND", "required field not found", { api_name: "notify_url" });
  }
  const maxMs = (ctx.state.app === "crm" ? 7 * 24 : 24) * 3_600_000;
  let expiry = Date.now() + 3_600_000;
  if (typeof raw.channel_expiry === "string") {
    const at = Date.parse(raw.channel_expiry);
    if (Number.isFinite(at) && at - Date.now() <= maxMs) expiry = at;
  }
  return {
    ...(full ? {} : old),
    channel_id: id,
    events: events as string[],
    notify_url: url,
    ...(typeof raw.token === "string" ? { token: raw.token } : full ? {} : { token: old?.token }),
    channel_expiry: zohoTime(expiry),
    ...(typeof raw.return_affected_field_values === "boolean"
      ? { return_affected_field_values: raw.return_affected_field_values }
      : {}),
    ...(typeof raw.notify_on_related_action === "boolean"
      ? { notify_on_related_action: raw.notify_on_related_action }
      : {}),
  } as MockChannel;
}

function prefixOf(ctx: RouteContext): string {
  return ctx.state.app === "crm" ? "/crm/v8" : "/bigin/v2";
}

/** Errors inside watch[]: CRM answers 202 (its docs), Bigin 400 (its docs list no 202 or 207). */
function statusOf(ctx: RouteContext, failures: number, success: number): number {
  if (failures === 0) return success;
  return ctx.state.app === "crm" ? 202 : 400;
}

function writeChannels(ctx: RouteContext, full: boolean, created: boolean): Reply {
  const watch = isObject(ctx.body) ? ctx.body.watch : undefined;
  if (!Array.isArray(watch) || watch.length === 0 || watch.length > 100) {
    return zohoError(400, "INVALID_DATA", "invalid data", { api_name: "watch" });
  }
  const results = watch.map((raw) => {
    const channel = check(ctx, raw, full, !created);
    if ("status" in channel) return channel;
    book(ctx).set(channel.channel_id, channel);
    const events = [...new Set(channel.events.map((e) => e.split(".")[0]!))].map((module) => ({
      channel_expiry: channel.channel_expiry,
      resource_uri: `https://www.zohoapis.com${prefixOf(ctx)}/${module}`,
      resource_id: "1000000000000000000",
      resource_name: module,
      channel_id: channel.channel_id,
    }));
    return item("success", "SUCCESS", "Successfully subscribed for actions-watch of the given module", {
      events,
    });
  });
  const failures = results.filter((r) => r.status === "error").length;
  return { status: statusOf(ctx, failures, created ? 201 : 200), body: { watch: results } };
}

export const enableChannels = (ctx: RouteContext) => writeChannels(ctx, true, true);
export const replaceChannels = (ctx: RouteContext) => writeChannels(ctx, true, false);

/** PATCH: given details change; `_delete_events: true` removes the given events instead. */
export function patchChannels(ctx: RouteContext): Reply {
  const watch = isObject(ctx.body) ? ctx.body.watch : undefined;
  if (!Array.isArray(watch) || watch.length === 0) {
    return zohoError(400, "INVALID_DATA", "invalid data", { api_name: "watch" });
  }
  const rewritten = watch.map((raw) => {
    if (!isObject(raw) || raw._delete_events !== true || !Array.isArray(raw.events)) return raw;
    const old = book(ctx).get(String(raw.channel_id));
    const drop = new Set(raw.events);
    const { _delete_events: _, ...rest } = raw;
    return { ...rest, events: old ? old.events.filter((e) => !drop.has(e)) : raw.events };
  });
  return writeChannels({ ...ctx, body: { watch: rewritten } }, false, false);
}

export function listChannels(ctx: RouteContext): Reply {
  if (ctx.query.channel_id !== undefined && !/^\d{1,19}$/.test(ctx.query.channel_id)) {
    return zohoError(400, "INVALID_DATA", "invalid data", { param_name: "channel_id" });
  }
  const now = Date.now();
  const channels = [...book(ctx).values()].filter(
    (c) =>
      Date.parse(c.channel_expiry) > now &&
      (ctx.query.channel_id === undefined || c.channel_id === ctx.query.channel_id) &&
      (ctx.query.module === undefined || c.events.some((e) => e.startsWith(`${ctx.query.module}.`))),
  );
  if (channels.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      watch: channels.map((c) => ({
        ...structuredClone(c),
        resource_uri: `https://www.zohoapis.com${prefixOf(ctx)}/${c.events[0]!.split(".")[0]}`,
      })),
      info: { per_page: 200, count: channels.length, page: 1, more_records: false },
    },
  };
}

export function disableChannels(ctx: RouteContext): Reply {
  const ids = ctx.query.channel_ids;
  if (!ids || !/^\d{1,19}(,\d{1,19}){0,99}$/.test(ids)) {
    return zohoError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param_name: "channel_ids",
    });
  }
  const results = ids
    .split(",")
    .map((id) =>
      book(ctx).delete(id)
        ? item("success", "SUCCESS", "Successfully unsubscribed from actions-watch", { channel_id: id })
        : item("error", "NOT_SUBSCRIBED", "channel not subscribed", { channel_id: id }),
    );
  const failures = results.filter((r) => r.status === "error").length;
  return { status: statusOf(ctx, failures, 200), body: { watch: results } };
}

function deliver(url: string, payload: object): void {
  let host: string;
  try {
    host = new URL(url).host.replace(/:\d+$/, "");
  } catch {
    return;
  }
  if (!LOOPBACK.has(host) || inFlight >= MAX_IN_FLIGHT) {
    deliveryStats.dropped++;
    return;
  }
  inFlight++;
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(5000),
  })
    .then(async (response) => {
      await response.arrayBuffer();
      deliveryStats.sent++;
    })
    .catch(() => {
      deliveryStats.failed++;
    })
    .finally(() => {
      inFlight--;
    });
}

const OPERATION = { create: "insert", edit: "update", delete: "delete" } as const;

/** A record write handler that notifies the channels watching what it changed. */
export function notifying(
  kind: "create" | "edit" | "delete" | "upsert",
  handle: (ctx: RouteContext) => Reply,
): (ctx: RouteContext) => Reply {
  return (ctx) => {
    const inputs = isObject(ctx.body) && Array.isArray(ctx.body.data) ? ctx.body.data : [];
    const reply = handle(ctx);
    const module = ctx.params.module;
    const channels = books.get(ctx.state.store);
    if (!module || !channels || channels.size === 0 || reply.status >= 300) return reply;
    const data = isObject(reply.body) && Array.isArray(reply.body.data) ? reply.body.data : [];
    const byOp: Record<"create" | "edit" | "delete", { id: string; input: unknown }[]> = {
      create: [],
      edit: [],
      delete: [],
    };
    for (const [index, entry] of data.entries()) {
      if (!isObject(entry) || entry.status !== "success" || !isObject(entry.details)) continue;
      const id = String(entry.details.id);
      const op =
        kind === "upsert" ? ((entry.action ?? entry.details.action) === "insert" ? "create" : "edit") : kind;
      byOp[op].push({ id, input: inputs[index] });
    }
    const now = Date.now();
    for (const channel of channels.values()) {
      if (Date.parse(channel.channel_expiry) <= now) continue;
      for (const op of ["create", "edit", "delete"] as const) {
        const changed = byOp[op];
        const watched =
          channel.events.includes(`${module}.${op}`) || channel.events.includes(`${module}.all`);
        if (changed.length === 0 || !watched) continue;
        const fieldsOf = (input: unknown) =>
          isObject(input) ? Object.keys(input).filter((k) => k !== "id" && !k.startsWith("$")) : [];
        deliver(channel.notify_url, {
          server_time: now,
          query_params: Object.fromEntries(new URL(channel.notify_url).searchParams),
          module,
          resource_uri: `https://www.zohoapis.com${prefixOf(ctx)}/${module}`,
          ids: changed.map((c) => c.id),
          affected_fields: op === "edit" ? changed.map((c) => ({ [c.id]: fieldsOf(c.input) })) : [],
          ...(op === "edit" && channel.return_affected_field_values
            ? {
                affected_values: changed.map((c) => ({
                  record_id: c.id,
                  values: Object.fromEntries(
                    fieldsOf(c.input).map((f) => [f, (c.input as Record<string, unknown>)[f]]),
                  ),
                })),
              }
            : {}),
          operation: OPERATION[op],
          channel_id: channel.channel_id,
          token: channel.token ?? null,
        });
      }
    }
    return reply;
  };
}
