import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPrism } from "@zohokit/testkit";
import { describe, expect, it } from "vitest";

describe("the Prism harness", () => {
  it("fails fast with Prism's own message when the spec cannot be loaded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "zohokit-prism-"));
    try {
      const spec = join(dir, "broken.yaml");
      await writeFile(
        spec,
        "openapi: 3.1.0\ninfo: {title: broken, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: './missing.yaml#/nope'}\n",
      );
      const started = Date.now();
      await expect(startPrism(spec, { startTimeoutMs: 30_000 })).rejects.toThrow(/Prism/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts on a free port and stops by PID", async () => {
    const { bundledSpec } = await import("@zohokit/testkit");
    const prism = await startPrism(bundledSpec("maton"));
    expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await prism.stop();
    expect(() => process.kill(prism.pid, 0)).toThrow();
  });
});
