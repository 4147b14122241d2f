/**
 * A loopback stand-in for the gateway that counts requests in flight (from arrival to the end of the answer) and
 * lets a test decide each answer, as packages/crm/test/scripted-server.ts does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { listenOnLoopback } from "@zohokit/testkit";

export interface Arrival {
  /** 1 for the first request the stub saw. */
  seq: number;
  path: string;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
}

export type Answer = (arrival: Arrival, request: IncomingMessage, response: ServerResponse) => unknown;

export interface ZohoStub {
  url: string;
  arrivals: Arrival[];
  /** Most requests in flight at once so far. */
  peak(): number;
  inFlight(): number;
  close(): Promise<void>;
}

export const ORG = { org: [{ id: "5725767000000021001", company_name: "Zylker" }] };

export function answerJson(response: ServerResponse, status: number, body: unknown, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export async function startZohoStub(answer: Answer): Promise<ZohoStub> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let peak = 0;
  const server = createServer((request, response) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    response.once("close", () => inFlight--);
    const arrival = {
      seq: arrivals.length + 1,
      path: new URL(request.url ?? "/", "http://x").pathname,
      inFlight,
    };
    arrivals.push(arrival);
    request.resume();
    Promise.resolve()
      .then(() => answer(arrival, request, response))
      .catch(() => response.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    arrivals,
    peak: () => peak,
    inFlight: () => inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
