/**
 * The floor: a minimal node:http server on 127.0.0.1 that answers from precomputed bytes. Run as a child process
 * (forked by servers.ts) so the client under test has the main thread and heap to itself.
 *
 *   GET  any path  -> page N of `pages` (200 records of its own), picked by `page=N` or `page_token=tN`
 *   POST any path  -> after `latencyMs`, 201 with 100 per-record successes
 */
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { createAnswer, pageHead, pageInfo } from "./fixtures.js";

interface Config {
  pages: number;
  latencyMs: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as Config;
const pages = Math.max(1, config.pages ?? 1);
const latencyMs = Math.max(0, config.latencyMs ?? 0);

const heads = Array.from({ length: pages + 1 }, (_, page) => Buffer.from(pageHead(Math.max(page, 1))));
const infos = Array.from({ length: pages + 1 }, (_, page) => Buffer.from(`${pageInfo(page, pages)}}`));
const created = Buffer.from(createAnswer());
const JSON_TYPE = "application/json;charset=UTF-8";
const PAGE_RE = /[?&]page=(\d+)/;
const TOKEN_RE = /[?&]page_token=t(\d+)/;

let gets = 0;
let posts = 0;
const sockets = new Set<Socket>();
const timers = new Set<NodeJS.Timeout>();

function pageOf(url: string): number {
  const token = TOKEN_RE.exec(url);
  const page = token ? Number(token[1]) : Number(PAGE_RE.exec(url)?.[1] ?? 1);
  return Math.min(Math.max(page, 1), pages);
}

const server = createServer((req, res) => {
  if (req.method === "GET") {
    gets++;
    const page = pageOf(req.url ?? "/");
    const head = heads[page]!;
    const info = infos[page]!;
    res.writeHead(200, { "Content-Type": JSON_TYPE, "Content-Length": head.length + info.length });
    res.cork();
    res.write(head);
    res.end(info);
    return;
  }
  posts++;
  req.resume();
  req.on("end", () => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.writeHead(201, { "Content-Type": JSON_TYPE, "Content-Length": created.length });
      res.end(created);
    }, latencyMs);
    timers.add(timer);
  });
});
server.keepAliveTimeout = 60_000;
server.on("connection", (socket) => {
  socket.setNoDelay(true);
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});

function stop(): void {
  for (const timer of timers) clearTimeout(timer);
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on("message", (message: { type: string }) => {
  if (message.type === "stats") process.send?.({ type: "stats", gets, posts });
  if (message.type === "stop") stop();
});
process.on("disconnect", stop);

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ type: "ready", port });
});
