import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./prism.js";

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

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts a redis-server of its own on a loopback port, with no persistence (nothing written to disk), and resolves
 * once it accepts connections. Rejects with its output if it exits first or is not installed.
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(REDIS_SERVER, [...args, "--loglevel", "notice", ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await exited(child, 5000))) {
      child.kill("SIGKILL");
      await exited(child, 5000);
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start within ${startTimeoutMs} ms:\n${output}`)),
        startTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          error.code === "ENOENT"
            ? new Error(
                `${REDIS_SERVER} is not installed: run \`apt-get install -y redis-server\` (.ci/run does), or set REDIS_SERVER.`,
              )
            : error,
        );
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code ?? signal}) before accepting connections:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout?.resume();
  child.stderr?.resume();
  if (child.pid === undefined) throw new Error("redis-server started without a PID");
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid, stop };
}
