import { describe, expect, it } from "vitest";
import { startProcess } from "../src/process.js";

const node = (script: string) => ({ command: process.execPath, args: ["-e", script] });

describe("startProcess", () => {
  it("resolves once the output says ready, and stop() ends the process", async () => {
    const started = await startProcess({
      name: "ready-server",
      ...node(
        'console.log("warming"); setTimeout(() => console.log("READY now"), 50); setInterval(() => {}, 1000);',
      ),
      ready: "READY",
      startTimeoutMs: 10_000,
    });
    expect(started.pid).toBeGreaterThan(0);
    await started.stop();
    expect(() => process.kill(started.pid, 0)).toThrow();
  });

  it("rejects with the output when the process exits before it is ready", async () => {
    await expect(
      startProcess({
        name: "quitter",
        ...node('console.error("bad config"); process.exit(3)'),
        ready: "READY",
        startTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(/quitter exited \(3\) before it was ready:\nbad config/);
  });

  it("rejects at once on fatal output, and stops the process", async () => {
    const started = Date.now();
    await expect(
      startProcess({
        name: "fatal-server",
        ...node('console.log("Error: no spec"); setInterval(() => {}, 1000);'),
        ready: "READY",
        fatal: /\bError:/,
        startTimeoutMs: 30_000,
      }),
    ).rejects.toThrow(/fatal-server could not start:\nError: no spec/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  // 4 s: long enough for a loaded machine to start node and print before the timeout.
  it("rejects after the start timeout with what was printed", async () => {
    await expect(
      startProcess({
        name: "slow",
        ...node('console.log("still loading"); setInterval(() => {}, 1000);'),
        ready: "READY",
        startTimeoutMs: 4000,
      }),
    ).rejects.toThrow(/slow did not start within 4000 ms:\nstill loading/);
  });

  it("says how to install a command that is missing", async () => {
    await expect(
      startProcess({
        name: "missing",
        command: "zohokit-no-such-command",
        args: [],
        ready: "READY",
        startTimeoutMs: 5_000,
        notInstalled: "zohokit-no-such-command is not installed: apt-get install it.",
      }),
    ).rejects.toThrow("zohokit-no-such-command is not installed: apt-get install it.");
  });
});
