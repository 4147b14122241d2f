import { freePort } from "./prism.js";
import { startProcess } from "./process.js";

export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** The port to listen on (to restart a server where it was); default a free one. */
  port?: number;
  /** How long to wait for "Ready to accept connections"; default 10 s. */
  startTimeoutMs?: number;
  /** More redis-server arguments, e.g. ["--requirepass", "..."]. */
  args?: string[];
}

/** The redis-server to run: REDIS_SERVER if set, else the one on the PATH (Debian's `apt-get install redis-server`). */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server";

/**
 * Starts a redis-server of its own on a loopback port, with no persistence (nothing written to disk), and resolves
 * once it accepts connections. Rejects with its output if it exits first or is not installed.
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const started = await startProcess({
    name: "redis-server",
    command: REDIS_SERVER,
    args: [...args, "--loglevel", "notice", ...(options.args ?? [])],
    ready: "Ready to accept connections",
    startTimeoutMs,
    notInstalled: `${REDIS_SERVER} is not installed: run \`apt-get install -y redis-server\` (.ci/run does), or set REDIS_SERVER.`,
  });
  return { url: `redis://127.0.0.1:${port}`, port, ...started };
}
