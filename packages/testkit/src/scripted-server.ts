/**
 * A loopback HTTP server whose answers a test scripts request by request, for the hostile behaviours the fake Zoho
 * server does not play: redirects, oversized bodies, answers that do not match what was sent, answers held back.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { serveOnLoopback } from "./loopback.js";

export interface Seen {
  /** 1 for the first request the server saw. */
  seq: number;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (request: Seen, response: ServerResponse) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  requests: Seen[];
  /** Most requests in flight at once so far. */
  peak(): number;
  /** Requests in flight now. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function scriptedServer(handler: Handler): Promise<ScriptedServer> {
  const requests: Seen[] = [];
  let inFlight = 0;
  let peak = 0;
  let arrived = 0;
  const server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.once("close", () => inFlight--);
    const arrival = { seq: ++arrived, inFlight };
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const seen: Seen = {
        ...arrival,
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch(() => res.destroy());
    });
  });
  const { url, close } = await serveOnLoopback(server);
  return {
    url,
    requests,
    peak: () => peak,
    inFlight: () => inFlight,
    close,
  };
}

/** Answers JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
