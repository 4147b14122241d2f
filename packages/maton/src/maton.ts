import { type ClientOptions, ZohoKitError } from "@zohokit/core";
import {
  abortedError,
  assertConnectionId,
  createCoreClient,
  type FetchResult,
  sleep,
} from "@zohokit/core/internal";
import type { Client } from "openapi-fetch";
import type { components, paths } from "./generated/maton.js";

export const MATON_BASE_URL = "https://ctrl.maton.ai";

export type Connection = components["schemas"]["Connection"];
export type ConnectionStatus = components["schemas"]["ConnectionStatus"];

export interface WaitUntilActiveOptions {
  /** Give up after this long; default 5 minutes (the user has to finish OAuth in a browser). */
  timeoutMs?: number;
  /** Time between polls; default 2,000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * A connection that did not become ACTIVE: it FAILED, or the wait timed out while it was still PENDING. Connection
 * ids are secrets: the message never holds one, and `connectionId` is not enumerable (JSON and inspection leave it
 * out), though code can read it.
 */
export class ConnectionNotActiveError extends ZohoKitError {
  override name = "ConnectionNotActiveError";
  declare readonly connectionId: string;
  constructor(
    message: string,
    connectionId: string,
    readonly status: ConnectionStatus | undefined,
    readonly reason: "failed" | "timeout",
  ) {
    super(message);
    Object.defineProperty(this, "connectionId", { value: connectionId, enumerable: false });
  }
}

export interface MatonClient {
  connections: {
    /** The account's connections, optionally of one app and in one state. */
    list(filter?: { app?: string; status?: ConnectionStatus; signal?: AbortSignal }): Promise<Connection[]>;
    /** Starts a connection; open its `url` in a browser to authorize it. */
    create(input: { app: string; signal?: AbortSignal }): Promise<Connection>;
    get(id: string, options?: { signal?: AbortSignal }): Promise<Connection>;
    delete(id: string, options?: { signal?: AbortSignal }): Promise<void>;
    /** Polls until the connection is ACTIVE; fails on FAILED or after `timeoutMs`. */
    waitUntilActive(id: string, options?: WaitUntilActiveOptions): Promise<Connection>;
  };
  /** The typed openapi-fetch client of the connections API, over the same transport. */
  raw: Client<paths>;
  /** The data of a `raw` call, or the ApiError a helper would throw for its failure. */
  unwrap<T>(call: Promise<FetchResult<T>>): Promise<T | undefined>;
}

const APP_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The app of a connection the server described, quoted only when it is an app name (never anything it echoed). */
function appOf(connection: Connection): string {
  return typeof connection.app === "string" && APP_NAME.test(connection.app) ? connection.app : "zoho-crm";
}

function assertApp(app: unknown): asserts app is string {
  if (typeof app !== "string" || !APP_NAME.test(app)) {
    throw new ZohoKitError(
      `app must be a Maton app name such as "zoho-crm" or "zoho-bigin" (lowercase letters, digits and dashes); got ${JSON.stringify(app)}.`,
    );
  }
}

function assertPositive(value: number | undefined, name: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new ZohoKitError(`${name} must be a positive number of milliseconds; got ${String(value)}.`);
  }
}

/** A client of Maton's connection API (https://ctrl.maton.ai). */
export function createMatonClient(options: ClientOptions = {}): MatonClient {
  if (options?.auth !== undefined) {
    throw new ZohoKitError(
      "Maton's connection API takes the Maton API key: options.auth (Zoho OAuth) does not apply.",
    );
  }
  const core = createCoreClient<paths>(options, { baseUrl: MATON_BASE_URL });

  async function get(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<Connection> {
    assertConnectionId(id, "The connection id");
    // Connection ids are secrets: redacted like the key from the path in messages and anything echoed.
    const { body: data } = await core.request({
      method: "GET",
      path: "/connections/{connection_id}",
      params: { connection_id: id },
      secrets: [id],
      signal,
    });
    if (!data?.connection)
      throw new ZohoKitError("GET /connections/{connection_id} answered without a connection object.");
    return data.connection;
  }

  const connections: MatonClient["connections"] = {
    async list({ app, status, signal } = {}) {
      if (app !== undefined) assertApp(app);
      const query: { app?: string; status?: ConnectionStatus } = {};
      if (app !== undefined) query.app = app;
      if (status !== undefined) query.status = status;
      const { body } = await core.request({ method: "GET", path: "/connections", query, signal });
      return body?.connections ?? [];
    },

    async create({ app, signal }) {
      assertApp(app);
      const { body: data } = await core.request({
        method: "POST",
        path: "/connections",
        body: { json: { app } },
        signal,
      });
      if (!data) throw new ZohoKitError("POST /connections answered without the new connection.");
      return data;
    },

    get,

    async delete(id, { signal } = {}) {
      assertConnectionId(id, "The connection id");
      await core.request({
        method: "DELETE",
        path: "/connections/{connection_id}",
        params: { connection_id: id },
        secrets: [id],
        signal,
      });
    },

    async waitUntilActive(id, { timeoutMs = 300_000, intervalMs = 2_000, signal } = {}) {
      assertConnectionId(id, "The connection id");
      assertPositive(timeoutMs, "timeoutMs");
      assertPositive(intervalMs, "intervalMs");
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const connection = await get(id, signal ? { signal } : {});
        if (connection.status === "ACTIVE") return connection;
        if (connection.status === "FAILED") {
          throw new ConnectionNotActiveError(
            "The connection FAILED: its OAuth authorization did not complete. Delete it and create a new one " +
              `(connections.create({ app: "${appOf(connection)}" })), then open the new connection's url in a browser.`,
            id,
            connection.status,
            "failed",
          );
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          const status = /^[A-Z_]{1,20}$/.test(String(connection.status)) ? connection.status : "not ACTIVE";
          throw new ConnectionNotActiveError(
            `The connection is still ${status} after ${timeoutMs} ms. Open its url (connection.url, from ` +
              "connections.get()) in a browser to authorize it, or wait longer with a larger timeoutMs.",
            id,
            connection.status,
            "timeout",
          );
        }
        await sleep(Math.min(intervalMs, remaining), signal).catch((reason: unknown) => {
          throw abortedError("GET", "/connections/{connection_id}", reason);
        });
      }
    },
  };

  return { connections, raw: core.raw, unwrap: core.unwrap };
}
