/** Starts and stops the loopback server (loopback-server.ts) in a child process. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface LoopbackServer {
  /** http://127.0.0.1:PORT: the clients' baseUrl. */
  url: string;
  stats(): Promise<{ gets: number; posts: number }>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./loopback-server.js", import.meta.url));
const START_TIMEOUT_MS = 10_000;

function once<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the loopback server sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the loopback server exited (code ${code}) before "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

export async function startLoopbackServer(config: {
  pages?: number;
  latencyMs?: number;
}): Promise<LoopbackServer> {
  const child = fork(SCRIPT, [JSON.stringify(config)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
  });
  const { port } = await once<{ port: number }>(child, "ready", START_TIMEOUT_MS).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stats() {
      const reply = once<{ gets: number; posts: number }>(child, "stats", 5000);
      child.send({ type: "stats" });
      const { gets, posts } = await reply;
      return { gets, posts };
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
