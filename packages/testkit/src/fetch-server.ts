import { createServer, type IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { serveOnLoopback } from "./loopback.js";

export interface FetchServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

function requestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

/** Serves a Fetch API handler (Request in, Response out) on a loopback port through node:http, as a Node app would. */
export async function serveFetchHandler(
  handler: (request: Request) => Promise<Response>,
): Promise<FetchServer> {
  const server = createServer(async (req, res) => {
    try {
      const response = await handler(requestOf(req));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  const { url, close } = await serveOnLoopback(server);
  return {
    url,
    close,
  };
}
