/**
 * Watch channels (`{prefix}/actions/watch`): enable, list, update (PATCH), replace (PUT), disable; one result per
 * channel, whatever mix a 207 or 202 holds; and keepAlive, which renews channels before Zoho lets them expire.
 */
import { isObject } from "../error-body.js";
import { ApiError, ZohoKitError } from "../errors.js";
import { sleep } from "../limiter.js";
import type { ModuleName } from "../records/org.js";
import { assertOptions, refuse } from "../validate.js";
import { acceptWriteAnswers, type GroupContext, zohoTime } from "./shared.js";

export type WatchOperation = "create" | "edit" | "delete" | "all";
/** `Leads.create`, `Deals.all`: a module of the org and an operation. */
export type WatchEvent<M extends string = string> = `${M}.${WatchOperation}`;

export interface ChannelInput<M extends string = string> {
  /** Your id for the channel, digits (a long); Zoho sends it back in every notification. */
  channelId: string;
  events: readonly WatchEvent<M>[];
  notifyUrl: string;
  /** Sent back in every notification: the handler's proof of origin. 1 to 50 characters. */
  token?: string;
  /** When Zoho stops notifying. Capped by the app (CRM v8: a week ahead; Bigin: a day); default 1 hour. */
  expiry?: Date;
  returnAffectedFieldValues?: boolean;
  notifyOnRelatedAction?: boolean;
}

export interface ChannelOutcome {
  /** The input's position. */
  index: number;
  channelId: string;
  ok: boolean;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface ZohoChannel {
  channel_id: string | number;
  events?: string[];
  notify_url?: string;
  channel_expiry?: string | null;
  [key: string]: unknown;
}

export interface NotificationsConfig {
  prefix: string;
  /** How far ahead Zoho takes channel_expiry. */
  maxExpiryMs: number;
}

export interface KeepAliveOptions {
  /** Renew this long before the expiry. Default 10 minutes. */
  renewBeforeMs?: number;
  /** Each renewal asks for this long. Default: the app's maximum. */
  lifetimeMs?: number;
  signal?: AbortSignal;
  /** A renewal failed (a whole failure or a channel's error); keepAlive tries again after retryMs. */
  onError?(error: unknown, channelIds: readonly string[]): void;
  /** Each renewal that Zoho confirmed. */
  onRenewed?(outcomes: readonly ChannelOutcome[], expiry: Date): void;
  /** Wait after a failed renewal. Default 60 s. */
  retryMs?: number;
}

export interface LooseNotificationsApi {
  enable(channels: readonly ChannelInput[], options?: { signal?: AbortSignal }): Promise<ChannelOutcome[]>;
  list(options?: { channelId?: string; module?: string; signal?: AbortSignal }): Promise<ZohoChannel[]>;
  update(
    channels: readonly (Partial<ChannelInput> & { channelId: string })[],
    options?: { signal?: AbortSignal },
  ): Promise<ChannelOutcome[]>;
  replace(channels: readonly ChannelInput[], options?: { signal?: AbortSignal }): Promise<ChannelOutcome[]>;
  disable(channelIds: readonly string[], options?: { signal?: AbortSignal }): Promise<ChannelOutcome[]>;
  keepAlive(channels: readonly ChannelInput[], options?: KeepAliveOptions): Promise<void>;
}

const MAX_CHANNELS_PER_CALL = 100;
const EVENT = /^[A-Za-z][A-Za-z0-9_]*\.(create|edit|delete|all)$/;

function assertChannels(
  channels: unknown,
  what: string,
): asserts channels is readonly Record<string, unknown>[] {
  if (!Array.isArray(channels) || channels.length === 0 || channels.length > MAX_CHANNELS_PER_CALL) {
    throw refuse(
      `${what} takes 1 to ${MAX_CHANNELS_PER_CALL} channels`,
      Array.isArray(channels) ? channels.length : channels,
    );
  }
}

function assertChannelId(id: unknown, what: string): asserts id is string {
  if (typeof id !== "string" || !/^[0-9]{1,19}$/.test(id)) {
    throw refuse(`${what}: channelId must be a string of 1 to 19 digits (Zoho takes a long)`, id);
  }
}

function toWire(
  channel: Partial<ChannelInput>,
  index: number,
  what: string,
  maxExpiryMs: number,
  full: boolean,
) {
  const at = `${what}: channel ${index}`;
  if (!isObject(channel)) throw refuse(`${at} must be an object`, channel);
  assertChannelId(channel.channelId, at);
  const wire: Record<string, unknown> = { channel_id: channel.channelId };
  if (full || channel.events !== undefined) {
    if (
      !Array.isArray(channel.events) ||
      channel.events.length === 0 ||
      !channel.events.every((e) => EVENT.test(e))
    ) {
      throw refuse(
        `${at}: events must be a non-empty list such as ["Leads.create", "Deals.all"]`,
        channel.events,
      );
    }
    wire.events = [...channel.events];
  }
  if (full || channel.notifyUrl !== undefined) {
    if (typeof channel.notifyUrl !== "string" || !/^https?:\/\/[^\s]+$/.test(channel.notifyUrl)) {
      throw refuse(`${at}: notifyUrl must be an http(s) URL`, channel.notifyUrl);
    }
    wire.notify_url = channel.notifyUrl;
  }
  if (channel.token !== undefined) {
    if (typeof channel.token !== "string" || channel.token.length === 0 || channel.token.length > 50) {
      // The value is a secret: never echoed.
      throw new ZohoKitError(`${at}: token must be a string of 1 to 50 characters.`);
    }
    wire.token = channel.token;
  }
  if (channel.expiry !== undefined) {
    const ms = channel.expiry instanceof Date ? channel.expiry.getTime() : Number.NaN;
    if (!Number.isFinite(ms)) throw refuse(`${at}: expiry must be a valid Date`, String(channel.expiry));
    if (ms - Date.now() > maxExpiryMs) {
      throw refuse(
        `${at}: expiry is more than ${Math.round(maxExpiryMs / 3_600_000)} hours ahead; Zoho would fall back to one hour`,
        channel.expiry.toISOString(),
      );
    }
    wire.channel_expiry = zohoTime(ms);
  }
  if (channel.returnAffectedFieldValues !== undefined)
    wire.return_affected_field_values = channel.returnAffectedFieldValues;
  if (channel.notifyOnRelatedAction !== undefined)
    wire.notify_on_related_action = channel.notifyOnRelatedAction;
  return wire;
}

/** One outcome per channel sent, from `watch[]` at each index; a missing item is reported, never guessed. */
function outcomes(body: unknown, ids: readonly string[]): ChannelOutcome[] {
  const items = isObject(body) && Array.isArray(body.watch) ? body.watch : [];
  return ids.map((channelId, index) => {
    const item = items[index];
    if (!isObject(item)) {
      return {
        index,
        channelId,
        ok: false,
        code: "AMBIGUOUS",
        message: "Zoho answered no result for this channel.",
        details: {},
      };
    }
    return {
      index,
      channelId,
      ok: item.status === "success",
      code: typeof item.code === "string" ? item.code : "UNKNOWN",
      message: typeof item.message === "string" ? item.message : "",
      details: isObject(item.details) ? item.details : {},
    };
  });
}

export function createNotificationsApi(
  core: GroupContext,
  config: NotificationsConfig,
): LooseNotificationsApi {
  const path = `${config.prefix}/actions/watch`;
  const accept = (status: number) => acceptWriteAnswers(status) || status === 202;

  async function write(
    method: "POST" | "PUT" | "PATCH",
    what: string,
    channels: readonly Partial<ChannelInput>[],
    full: boolean,
    signal: AbortSignal | undefined,
  ) {
    assertChannels(channels, what);
    const watch = channels.map((c, i) => toWire(c, i, what, config.maxExpiryMs, full));
    const reply = await core.request({
      method,
      path,
      body: { json: { watch } },
      effect: "write",
      signal,
      accept,
    });
    if (reply.status >= 400 && !(isObject(reply.body) && Array.isArray(reply.body.watch))) {
      throw core.toError(reply.status, reply.body, method, path);
    }
    return outcomes(
      reply.body,
      channels.map((c) => c.channelId as string),
    );
  }

  const api: LooseNotificationsApi = {
    enable: (channels, options = {}) => write("POST", "notifications.enable", channels, true, options.signal),
    update: (channels, options = {}) =>
      write("PATCH", "notifications.update", channels, false, options.signal),
    replace: (channels, options = {}) =>
      write("PUT", "notifications.replace", channels, true, options.signal),

    async list(options = {}) {
      assertOptions(options, "notifications.list options");
      if (options.channelId !== undefined) assertChannelId(options.channelId, "notifications.list");
      const channels: ZohoChannel[] = [];
      // Bounded: 200 per page, at most 50 pages (Zoho keeps far fewer channels per user).
      for (let page = 1; page <= 50; page++) {
        const { body } = await core.request({
          method: "GET",
          path,
          query: { channel_id: options.channelId, module: options.module, page, per_page: 200 },
          signal: options.signal,
        });
        if (body === undefined) break;
        if (!isObject(body) || !Array.isArray(body.watch)) {
          throw new ApiError({
            status: 200,
            code: "INVALID_RESPONSE",
            method: "GET",
            path,
            message: `GET ${path} answered without a list of channels.`,
          });
        }
        channels.push(...(body.watch as ZohoChannel[]));
        if (!(isObject(body.info) && body.info.more_records === true)) break;
      }
      return channels;
    },

    async disable(channelIds, options = {}) {
      if (
        !Array.isArray(channelIds) ||
        channelIds.length === 0 ||
        channelIds.length > MAX_CHANNELS_PER_CALL
      ) {
        throw refuse(`notifications.disable takes 1 to ${MAX_CHANNELS_PER_CALL} channel ids`, channelIds);
      }
      for (const [i, id] of channelIds.entries()) assertChannelId(id, `notifications.disable: id ${i}`);
      const reply = await core.request({
        method: "DELETE",
        path,
        query: { channel_ids: channelIds.join(",") },
        effect: "write",
        signal: options.signal,
        accept,
      });
      if (reply.status >= 400 && !(isObject(reply.body) && Array.isArray(reply.body.watch))) {
        throw core.toError(reply.status, reply.body, "DELETE", path);
      }
      return outcomes(reply.body, channelIds);
    },

    async keepAlive(channels, options = {}) {
      assertChannels(channels, "notifications.keepAlive");
      const renewBefore = options.renewBeforeMs ?? 10 * 60_000;
      const lifetime = options.lifetimeMs ?? config.maxExpiryMs;
      const retry = options.retryMs ?? 60_000;
      if (!(renewBefore > 0 && lifetime > renewBefore && lifetime <= config.maxExpiryMs && retry > 0)) {
        throw new ZohoKitError(
          `keepAlive needs 0 < renewBeforeMs < lifetimeMs <= ${config.maxExpiryMs} and retryMs > 0.`,
        );
      }
      const ids = channels.map((c) => c.channelId);
      const { signal } = options;
      // Each turn renews every channel once; the loop ends only on abort (it waits between turns).
      while (!signal?.aborted) {
        const expiry = new Date(Date.now() + lifetime);
        let wait = retry;
        try {
          const renewed = channels.map((c) => ({ ...c, expiry }));
          const result = await api.replace(renewed, { signal });
          // A channel that expired (or was disabled) is gone: enable it again.
          const gone = result.filter((r) => r.code === "NOT_SUBSCRIBED").map((r) => r.index);
          if (gone.length > 0) {
            const again = await api.enable(
              gone.map((i) => renewed[i]!),
              { signal },
            );
            for (const [k, outcome] of again.entries()) result[gone[k]!] = { ...outcome, index: gone[k]! };
          }
          const failed = result.filter((r) => !r.ok);
          if (failed.length > 0) {
            options.onError?.(
              new ZohoKitError(
                `Renewal failed for channels ${failed.map((f) => `${f.channelId} (${f.code})`).join(", ")}.`,
              ),
              failed.map((f) => f.channelId),
            );
          } else {
            options.onRenewed?.(result, expiry);
            wait = lifetime - renewBefore;
          }
        } catch (error) {
          if (signal?.aborted) break;
          options.onError?.(error, ids);
        }
        try {
          await sleep(wait, signal);
        } catch {
          break;
        }
      }
    },
  };
  return api;
}

/** The org-typed channels API: an event of a module the org lacks is a type error. */
export interface NotificationsApi<O> {
  /** Enables channels (1 to 100); one outcome per channel, successes and errors alike. */
  enable(
    channels: readonly ChannelInput<ModuleName<O>>[],
    options?: { signal?: AbortSignal },
  ): Promise<ChannelOutcome[]>;
  /** The channels enabled, every page (bounded), optionally of one channel or module. */
  list(options?: {
    channelId?: string;
    module?: ModuleName<O>;
    signal?: AbortSignal;
  }): Promise<ZohoChannel[]>;
  /** PATCH: only the given details change. */
  update(
    channels: readonly (Partial<ChannelInput<ModuleName<O>>> & { channelId: string })[],
    options?: { signal?: AbortSignal },
  ): Promise<ChannelOutcome[]>;
  /** PUT: each channel's details are replaced by the input (events not given are dropped). */
  replace(
    channels: readonly ChannelInput<ModuleName<O>>[],
    options?: { signal?: AbortSignal },
  ): Promise<ChannelOutcome[]>;
  /** Disables channels by id (1 to 100). */
  disable(channelIds: readonly string[], options?: { signal?: AbortSignal }): Promise<ChannelOutcome[]>;
  /**
   * Renews the channels (PUT with a new expiry; a channel Zoho no longer knows is enabled again) `renewBeforeMs`
   * before each expiry, until `signal` aborts; the first renewal happens at once. Failures go to onError and are retried after `retryMs`. Resolves on abort.
   */
  keepAlive(channels: readonly ChannelInput<ModuleName<O>>[], options?: KeepAliveOptions): Promise<void>;
}
