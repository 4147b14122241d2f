import { type ChildProcess, spawn } from "node:child_process";

export interface ProcessSpec {
  /** How errors name the program: "Prism", "redis-server". */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Text of its output that says it is ready. */
  ready: string;
  /** Output that means it cannot start (rejects at once instead of waiting for the timeout). */
  fatal?: RegExp;
  startTimeoutMs: number;
  /** The message when the command is not installed (spawn's ENOENT). */
  notInstalled?: string;
}

export interface StartedProcess {
  pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;

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
 * Starts a server process of a test and resolves once its output says it is ready. Rejects with its own output
 * when it exits first, reports a fatal error or is not ready in time, and stops what it started before rejecting.
 */
export async function startProcess(spec: ProcessSpec): Promise<StartedProcess> {
  const child = spawn(spec.command, [...spec.args], { stdio: ["ignore", "pipe", "pipe"], env: spec.env });
  let output = "";
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await exited(child, STOP_GRACE_MS))) {
      child.kill("SIGKILL");
      await exited(child, STOP_GRACE_MS);
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new Error(`${spec.name} did not start within ${spec.startTimeoutMs} ms:\n${output}`)),
        spec.startTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        // The last 64 KiB is enough to show why a start failed.
        output = (output + chunk.toString()).slice(-65_536);
        if (output.includes(spec.ready)) {
          clearTimeout(timer);
          resolve();
        } else if (spec.fatal?.test(output)) {
          fail(new Error(`${spec.name} could not start:\n${output}`));
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (error: NodeJS.ErrnoException) =>
        fail(error.code === "ENOENT" && spec.notInstalled ? new Error(spec.notInstalled) : error),
      );
      // "close", not "exit": by then the output the process wrote before it ended has all arrived.
      child.once("close", (code, signal) =>
        fail(new Error(`${spec.name} exited (${code ?? signal}) before it was ready:\n${output}`)),
      );
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining output, no longer kept, so the process never blocks on a full pipe.
  child.stdout?.removeAllListeners("data");
  child.stderr?.removeAllListeners("data");
  child.stdout?.resume();
  child.stderr?.resume();
  if (child.pid === undefined) throw new Error(`${spec.name} started without a PID`);
  return { pid: child.pid, stop };
}
