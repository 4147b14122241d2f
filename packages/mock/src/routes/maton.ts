/**
 * Maton's connection API (specs/maton.yaml), served beside the gateway: list, create, get, delete. A new
 * connection is PENDING until the test activates it (`connections.activate(id)`, as a user finishing OAuth in a
 * browser would); the gateway serves only through an ACTIVE connection of its app.
 */

import { matonBadRequest, matonNotFound, type Reply } from "../errors.js";
import { uuidFrom } from "../random.js";
import type { RouteContext } from "../router.js";
import { isObject } from "../values.js";

export type ConnectionStatus = "ACTIVE" | "PENDING" | "FAILED";

export interface MockConnection {
  connection_id: string;
  status: ConnectionStatus;
  creation_time: string;
  last_updated_time: string;
  url: string;
  app: string;
  method: string;
  metadata: Record<string, unknown>;
}

const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;
const STATUSES: readonly string[] = ["ACTIVE", "PENDING", "FAILED"];
const MAX_CONNECTIONS = 1000;

export class ConnectionBook {
  private readonly list: MockConnection[] = [];

  constructor(private readonly random: (() => number) | undefined) {}

  all(): readonly MockConnection[] {
    return this.list;
  }

  get(id: string): MockConnection | undefined {
    return this.list.find((c) => c.connection_id === id);
  }

  create(app: string, status: ConnectionStatus): MockConnection | undefined {
    if (this.list.length >= MAX_CONNECTIONS) return undefined;
    const now = new Date().toISOString();
    const connection: MockConnection = {
      connection_id: uuidFrom(this.random),
      status,
      creation_time: now,
      last_updated_time: now,
      url: `https://connect.maton.ai/?session_token=${uuidFrom(this.random).replace(/-/g, "")}`,
      app,
      method: "OAUTH2",
      metadata: {},
    };
    this.list.push(connection);
    return connection;
  }

  setStatus(id: string, status: ConnectionStatus): void {
    const connection = this.get(id);
    if (!connection) throw new TypeError("connections: no connection with this id");
    connection.status = status;
    connection.last_updated_time = new Date().toISOString();
  }

  remove(id: string): boolean {
    const index = this.list.findIndex((c) => c.connection_id === id);
    if (index < 0) return false;
    this.list.splice(index, 1);
    return true;
  }

  /** The connection a gateway request uses: the one it names (ACTIVE, of the app), else the app's oldest ACTIVE. */
  resolve(app: string, named: string | undefined): MockConnection | undefined {
    if (named !== undefined) {
      const connection = this.get(named);
      return connection?.app === app && connection.status === "ACTIVE" ? connection : undefined;
    }
    return this.list.find((c) => c.app === app && c.status === "ACTIVE");
  }
}

/** GET /connections?app=&status= */
export function listConnections(ctx: RouteContext): Reply {
  const { app, status } = ctx.query;
  if (app !== undefined && !APP_NAME.test(app)) return matonBadRequest(`Unknown app: ${app}`);
  if (status !== undefined && !STATUSES.includes(status)) return matonBadRequest(`Unknown status: ${status}`);
  const connections = ctx.state.connections
    .all()
    .filter((c) => (app === undefined || c.app === app) && (status === undefined || c.status === status));
  return { status: 200, body: { connections } };
}

/** POST /connections {app} */
export function createConnection(ctx: RouteContext): Reply {
  const body = ctx.body;
  if (!isObject(body) || typeof body.app !== "string")
    return matonBadRequest("The body needs an app, like zoho-crm.");
  const unknown = Object.keys(body).filter((key) => key !== "app" && key !== "method");
  if (unknown.length > 0) return matonBadRequest(`Unknown key: ${unknown[0]}`);
  if (!APP_NAME.test(body.app)) return matonBadRequest(`Unknown app: ${body.app}`);
  if (body.method !== undefined && typeof body.method !== "string")
    return matonBadRequest("method must be a string");
  const connection = ctx.state.connections.create(body.app, "PENDING");
  if (!connection)
    return matonBadRequest(`The mock keeps at most ${MAX_CONNECTIONS} connections: delete some.`);
  return { status: 200, body: connection };
}

/** GET /connections/{connection_id} */
export function getConnection(ctx: RouteContext): Reply {
  const connection = ctx.state.connections.get(ctx.params.connection_id!);
  return connection ? { status: 200, body: { connection } } : matonNotFound();
}

/** DELETE /connections/{connection_id} */
export function deleteConnection(ctx: RouteContext): Reply {
  return ctx.state.connections.remove(ctx.params.connection_id!)
    ? { status: 200, body: {} }
    : matonNotFound();
}
