import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

export interface WorkerConfig {
  redisUrl: string;
  baseUrl: string;
  calls: number;
  maxConcurrency: number;
  leaseMs?: number;
  clientConcurrency?: number;
  onUnavailable?: "fail" | "local";
}

export interface WorkerReport {
  done: number;
  failures: string[];
}

export interface Worker {
  pid: number;
  /** The worker's report, once it exits; rejects if it exits without one or takes longer than `ms`. */
  report(ms?: number): Promise<WorkerReport>;
  /** SIGKILL, as a crash would: no finally blocks, no release. Resolves once the process is gone. */
  kill(): Promise<void>;
}

function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export function startWorker(config: WorkerConfig): Worker {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(config)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk));
  if (child.pid === undefined) throw new Error("the worker started without a PID");
  const pid = child.pid;
  return {
    pid,
    async report(ms = 60_000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`worker ${pid} did not finish in ${ms} ms:\n${out}`)), ms);
      });
      try {
        await Promise.race([gone(child), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      const line = out
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith('{"done"'));
      if (!line)
        throw new Error(
          `worker ${pid} exited (${child.exitCode ?? child.signalCode}) without a report:\n${out}`,
        );
      return JSON.parse(line) as WorkerReport;
    },
    async kill() {
      child.kill("SIGKILL");
      await gone(child);
    },
  };
}

/** Stops every worker still running (by its own PID), for afterEach. */
export async function stopAll(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.kill()));
  workers.length = 0;
}
