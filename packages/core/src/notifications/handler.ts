/**
 * The receiver of Zoho's notifications: a Fetch API handler (Request in, Response out) for Node (through a two-line
 * node:http adapter), Bun, Deno and edge runtimes. Zoho does not sign callbacks; the channel's `token`, sent back in
 * every body, is the only proof of origin, so it is compared in constant time and never logged.
 */
import { ZohoKitError } from "../errors.js";
import type { GetManyOptions, GetManyResult } from "../records/get-many.js";
import type { FieldOf, LooseOrg, ModuleName, SelectedRecord } from "../records/org.js";
import { constantTimeEqual } from "./compare.js";
import { type NotificationEvent, parseCallback } from "./event.js";

/** An event of a module of the org, with `records(fields)` to fetch the changed records through the client. */
export type OrgNotificationEvent<O = LooseOrg> = {
  [M in ModuleName<O>]: NotificationEvent<M> & {
    /** The records of `ids` that still exist (records.getMany, 100 ids per call); deleted ones are in notFound. */
    records<F extends FieldOf<O, M>>(
      fields: readonly F[],
      options?: { signal?: AbortSignal },
    ): Promise<GetManyResult<SelectedRecord<O, M, F>>>;
  };
}[ModuleName<O>];

/** What `records(fields)` runs on: a client's records (crm.records, bigin.records). */
export interface RecordsByIds {
  getMany(module: never, ids: readonly string[], options: never): Promise<GetManyResult<unknown>>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_QUEUED = 1000;
export const DEFAULT_DEDUPE_SIZE = 1000;
export const DEFAULT_DEDUPE_WINDOW_MS = 10 * 60 * 1000;

export interface NotificationHandlerOptions<E = NotificationEvent> {
  /** The channel's token (the one given to notifications.enable): callbacks without it get 401. */
  token: string;
  /** Called once per accepted callback (duplicates within the dedupe window are dropped). */
  onEvent(event: E): void | Promise<void>;
  /** Bodies past this size are refused with 413 while they are read. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Answer 200 as soon as the callback is verified and queued, and run onEvent afterwards, one event at a time.
   * Errors of onEvent then go to onError. A full queue answers 503 (Zoho sends the callback again later).
   * Default false: the handler awaits onEvent and answers 500 when it throws, so Zoho retries.
   */
  respondBeforeHandled?: boolean;
  /** Most events waiting for onEvent with respondBeforeHandled. Default 1000. */
  maxQueued?: number;
  /** Errors of onEvent in respondBeforeHandled mode (and of awaited onEvent, before the 500). */
  onError?(error: unknown, event: E): void;
  /**
   * Drop repeats of a callback (same channel, server_time, operation and ids) seen within this window. Zoho may send
   * a callback again when an answer was slow or failed. 0 turns it off. Default 10 minutes, 1000 callbacks kept.
   */
  dedupeWindowMs?: number;
  dedupeSize?: number;
}

export interface NotificationHandler {
  (request: Request): Promise<Response>;
  /** Resolves when every queued event has gone through onEvent (respondBeforeHandled mode). */
  drain(): Promise<void>;
}

const answer = (status: number, text: string) =>
  new Response(JSON.stringify({ status: status < 300 ? "ok" : "error", message: text }), {
    status,
    headers: { "content-type": "application/json" },
  });

/** Reads at most `max` bytes of a body; undefined when it is longer (the rest is cancelled, not read). */
async function readCapped(request: Request, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await request.body?.cancel().catch(() => {});
    return undefined;
  }
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

function isJson(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** A bounded memory of recent callbacks: the oldest goes first when full or past the window. */
class RecentKeys {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly windowMs: number,
    private readonly size: number,
  ) {}
  has(key: string, now: number): boolean {
    const at = this.seen.get(key);
    return at !== undefined && now - at < this.windowMs;
  }
  forget(key: string): void {
    this.seen.delete(key);
  }
  add(key: string, now: number): void {
    this.seen.delete(key);
    this.seen.set(key, now);
    for (const [oldest, at] of this.seen) {
      if (this.seen.size <= this.size && now - at < this.windowMs) break;
      this.seen.delete(oldest);
    }
  }
}

export function createNotificationHandler<O = LooseOrg>(
  options: NotificationHandlerOptions<OrgNotificationEvent<O>> & {
    /** The client's records, for event.records(fields). Without it, records() throws. */
    records?: RecordsByIds;
  },
): NotificationHandler {
  type E = OrgNotificationEvent<O>;
  const { token, onEvent } = options;
  if (typeof token !== "string" || token.length === 0 || token.length > 50) {
    throw new ZohoKitError(
      "createNotificationHandler needs the channel's token: a string of 1 to 50 characters.",
    );
  }
  if (typeof onEvent !== "function")
    throw new ZohoKitError("createNotificationHandler needs an onEvent function.");
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  for (const [name, value] of [
    ["maxBodyBytes", maxBody],
    ["maxQueued", maxQueued],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ZohoKitError(`${name} must be a positive integer.`);
  }
  const windowMs = options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
  const recent =
    windowMs > 0 ? new RecentKeys(windowMs, options.dedupeSize ?? DEFAULT_DEDUPE_SIZE) : undefined;
  const getMany = options.records?.getMany.bind(options.records) as
    | ((module: string, ids: readonly string[], o: GetManyOptions) => Promise<GetManyResult<unknown>>)
    | undefined;
  const toEvent = (event: NotificationEvent): E =>
    ({
      ...event,
      records(fields: readonly string[], o: { signal?: AbortSignal } = {}) {
        if (getMany === undefined) {
          throw new ZohoKitError(
            "event.records needs the client: createNotificationHandler({ records: crm.records, ... }).",
          );
        }
        return getMany(event.module, event.ids, { fields, ...(o.signal ? { signal: o.signal } : {}) });
      },
    }) as unknown as E;
  const encoder = new TextEncoder();
  const expected = encoder.encode(token);

  const queue: { event: E; key: string }[] = [];
  let running: Promise<void> | undefined;
  const report = (error: unknown, event: E) => {
    try {
      options.onError?.(error, event);
    } catch {
      // A failing error callback must not stop the queue.
    }
  };
  const run = async () => {
    while (queue.length > 0) {
      const { event, key } = queue.shift()!;
      try {
        await onEvent(event);
      } catch (error) {
        // Not handled: a repeat of it is taken again rather than dropped as a duplicate.
        recent?.forget(key);
        report(error, event);
      }
    }
    running = undefined;
  };

  const handler = async (request: Request): Promise<Response> => {
    if (request.method !== "POST") {
      await request.body?.cancel().catch(() => {});
      return new Response(null, { status: 405, headers: { allow: "POST" } });
    }
    if (!isJson(request.headers.get("content-type"))) {
      await request.body?.cancel().catch(() => {});
      return answer(415, "Send application/json.");
    }
    const bytes = await readCapped(request, maxBody);
    if (bytes === undefined) return answer(413, `The body is larger than ${maxBody} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return answer(400, "The body is not JSON.");
    }
    const sent = typeof body === "object" && body !== null ? (body as { token?: unknown }).token : undefined;
    const given = encoder.encode(typeof sent === "string" ? sent : "");
    if (!(await constantTimeEqual(given, expected))) return answer(401, "Wrong or missing token.");
    const parsed = parseCallback(body);
    if (typeof parsed === "string") return answer(400, parsed);
    const event = toEvent(parsed);
    const key = `${event.channelId}|${event.serverTime}|${event.operation}|${event.ids.join(",")}`;
    const now = Date.now();
    if (recent?.has(key, now)) return answer(200, "Already received.");

    if (options.respondBeforeHandled) {
      if (queue.length >= maxQueued) return answer(503, "Too many notifications waiting; send again later.");
      recent?.add(key, now);
      queue.push({ event, key });
      running ??= run();
      return answer(200, "Queued.");
    }
    try {
      await onEvent(event);
    } catch (error) {
      report(error, event);
      return answer(500, "The notification could not be handled.");
    }
    recent?.add(key, now);
    return answer(200, "Handled.");
  };

  return Object.assign(handler, {
    async drain() {
      // Each pass awaits the run that was going; events queued meanwhile start a new one.
      for (let pass = 0; running !== undefined && pass < maxQueued + 1; pass++) await running;
    },
  });
}
