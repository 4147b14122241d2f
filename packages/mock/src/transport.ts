/** node:http plumbing of the mock: listening, reading bodies, resetting sockets, cancellable waits. */

import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** multipart/form-data uploads may reach Zoho CRM's 100 MB per file, plus the form's own bytes. */
const MAX_UPLOAD_BYTES = 101 * 1024 * 1024;

/** Listens on host:port (0: a free port) and resolves with the base URL, `http://127.0.0.1:PORT`. */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
      resolve(`http://${shown}:${bound}`);
    });
  });
}

/**
 * The request body, or undefined when the request was aborted or passed 16 MB (101 MB for multipart/form-data
 * uploads).
 */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const limit = /^multipart\/form-data/i.test(req.headers["content-type"] ?? "")
    ? MAX_UPLOAD_BYTES
    : MAX_BODY_BYTES;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.socket.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => resolve(undefined));
    req.on("close", () => resolve(undefined));
  });
}

/** Drops the connection with a TCP reset (a plain close where resets are not available). */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/** Waits that close() ends at once. */
export class Sleepers {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: (ok: boolean) => void }>();
  private woken = false;

  /** Resolves true after ms, or false (at once, or early) once wakeAll() was called. */
  sleep(ms: number): Promise<boolean> {
    if (this.woken) return Promise.resolve(false);
    return new Promise((resolve) => {
      const sleeper = {
        resolve,
        timer: setTimeout(() => {
          this.pending.delete(sleeper);
          resolve(true);
        }, ms),
      };
      this.pending.add(sleeper);
    });
  }

  wakeAll(): void {
    this.woken = true;
    for (const sleeper of this.pending) {
      clearTimeout(sleeper.timer);
      sleeper.resolve(false);
    }
    this.pending.clear();
  }
}
