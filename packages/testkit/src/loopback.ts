import type { Server, Socket } from "node:net";

/** Binds a server to a free loopback port and resolves with its base URL (`http://127.0.0.1:PORT`). */
export function listenOnLoopback(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Destroys the open connections (keep-alive ones too) and stops listening. */
  close(): Promise<void>;
}

/** Listens on a free loopback port and closes without waiting for idle keep-alive connections. */
export async function serveOnLoopback(server: Server): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
