import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "./loopback.js";

export interface OrgFixture {
  app: "crm" | "bigin";
  org: Record<string, unknown>;
  modules: Record<string, unknown>[];
  fields: Record<string, unknown[]>;
}

export interface MetadataServer {
  /** The gateway base URL to give the client (paths are /crm/v8/... or /bigin/v2/... under it). */
  url: string;
  /** Every request path and query received, in order. */
  requests: string[];
  /** Replaces what the server answers for the org (to simulate drift). */
  setFixture(fixture: OrgFixture): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
    .end(text);
}

const error = (code: string, message: string, details: Record<string, unknown> = {}) => ({
  code,
  details,
  message,
  status: "error",
});

/**
 * Serves an org's metadata the way the gateway does (/org, /settings/modules, /settings/fields?module=X) on a
 * loopback port, for typegen's end-to-end tests and the demo.
 */
export async function startMetadataServer(initial: OrgFixture): Promise<MetadataServer> {
  let fixture = initial;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
      send(res, 401, error("INVALID_TOKEN", "invalid oauth token"));
      return;
    }
    const prefix = fixture.app === "crm" ? "/crm/v8" : "/bigin/v2";
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "";
    if (req.method !== "GET") {
      send(res, 400, error("INVALID_REQUEST_METHOD", "the http request method type is not a valid one"));
    } else if (path === "/org") {
      send(res, 200, { org: [fixture.org] });
    } else if (path === "/settings/modules") {
      send(res, 200, { modules: fixture.modules });
    } else if (path === "/settings/fields") {
      const module = url.searchParams.get("module");
      if (!module)
        send(res, 400, error("REQUIRED_PARAM_MISSING", "required param not found", { param_name: "module" }));
      else if (!(module in fixture.fields)) {
        send(
          res,
          400,
          error("INVALID_MODULE", "the module name given seems to be invalid", { resource_path_index: 0 }),
        );
      } else send(res, 200, { fields: fixture.fields[module] });
    } else {
      send(
        res,
        404,
        error("INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one"),
      );
    }
  };
  const server = createServer(handle);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    requests,
    setFixture(next) {
      fixture = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
