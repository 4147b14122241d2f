import { assertConnectionId, type ClientOptions, createCoreClient, sleep, ZohoKitError } from "@zohokit/core";
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

/** A connection that did not become ACTIVE: it FAILED, or the wait timed out while it was still PENDING. */
export class ConnectionNotActiveError extends ZohoKitError {
  override name = "ConnectionNotActiveError";
  constructor(
    message: string,
    readonly connectionId: string,
    readonly status: ConnectionStatus | undefined,
    readonly reason: "failed" | "timeout",
  ) {
    super(message);
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
  /** The typed openapi-fetch client of the connections API. */
  raw: Client<paths>;
}

const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;

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
  const core = createCoreClient<paths>(options, { baseUrl: MATON_BASE_URL });
  const { raw } = core;

  async function get(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<Connection> {
    assertConnectionId(id, "The connection id");
    const path = "/connections/{connection_id}" as const;
    const { data } = await core.unwrap(raw.GET(path, { params: { path: { connection_id: id } }, signal }));
    if (!data?.connection)
      throw new ZohoKitError(`GET /connections/${id} answered without a connection object.`);
    return data.connection;
  }

  const connections: MatonClient["connections"] = {
    async list({ app, status, signal } = {}) {
      if (app !== undefined) assertApp(app);
      const query: { app?: string; status?: ConnectionStatus } = {};
      if (app !== undefined) query.app = app;
      if (status !== undefined) query.status = status;
      const { data } = await core.unwrap(raw.GET("/connections", { params: { query }, signal }));
      return data?.connections ?? [];
    },

    async create({ app, signal }) {
      assertApp(app);
      const { data } = await core.unwrap(raw.POST("/connections", { body: { app }, signal }));
      if (!data) throw new ZohoKitError("POST /connections answered without the new connection.");
      return data;
    },

    get,

    async delete(id, { signal } = {}) {
      assertConnectionId(id, "The connection id");
      await core.unwrap(
        raw.DELETE("/connections/{connection_id}", { params: { path: { connection_id: id } }, signal }),
      );
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
            `Connection ${id} FAILED: its OAuth authorization did not complete. Delete it and create a new one ` +
              `(connections.create({ app: "${connection.app}" })), then open the new url in a browser.`,
            id,
            connection.status,
            "failed",
          );
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new ConnectionNotActiveError(
            `Connection ${id} is still ${connection.status} after ${timeoutMs} ms. Open ${connection.url ?? "its url"} ` +
              "in a browser to authorize it, or wait longer with a larger timeoutMs.",
            id,
            connection.status,
            "timeout",
          );
        }
        await sleep(Math.min(intervalMs, remaining), signal);
      }
    },
  };

  return { connections, raw };
}
