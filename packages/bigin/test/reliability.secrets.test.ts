/**
 * Secrets under faults (issue 8), Bigin: the same sweep as CRM's, over every Bigin operation, with a gateway that
 * echoes the credentials into its errors and a proxy that quotes them in network errors.
 */
import {
  echoingFetch,
  FAULT_KINDS,
  type FakeZoho,
  findLeaks,
  renderings,
  startFakeZoho,
} from "@zohokit/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ApiError, createBiginClient, eq } from "../src/index.js";

const API_KEY = "mk_live_BiginSecret_4Hq8Zp2Lx7Vc1Nw5Ry9Tk";
const CONNECTION = "c3a9f1e2-7b4d-4c8e-9f0a-1b2c3d4e5f60";
const SECRETS = [API_KEY, CONNECTION];
const PIPELINE = "2034020000000000173";

let server: FakeZoho | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function deals(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: String(2034020000000600000n + BigInt(i)),
    Deal_Name: `Deal ${i}`,
    Stage: "Qualification",
    Pipeline: { name: "Sales Pipeline", id: PIPELINE },
  }));
}

describe("no secret in any error, result or log, across a faulted run of every Bigin operation", () => {
  it("the API key and the connection id never appear: plain, URL-encoded, base64 or in part", async () => {
    server = await startFakeZoho({
      app: "bigin",
      requirePipelineId: true,
      seedRecords: [{ module: "Contacts", count: 300 }],
      modules: { Pipelines: deals(250) },
      faults: { seed: 99, rate: 0.35, kinds: [...FAULT_KINDS] },
    });
    const fetch = echoingFetch({ throwEvery: 7 });
    const bigin = createBiginClient({
      apiKey: API_KEY,
      connection: CONNECTION,
      baseUrl: server.url,
      fetch,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 200,
    });
    const contacts = server.records("Contacts").map((r) => r.id);
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => renderings(a).join("\n")).join(" "));
      });
    }
    const outcomes: Array<{ operation: string; value: unknown }> = [];
    const run = async (operation: string, call: () => Promise<unknown>) => {
      const value = await call().then(
        (v) => v,
        (e: unknown) => e,
      );
      outcomes.push({ operation, value });
    };
    const collect = async (iterable: AsyncIterable<unknown>) => {
      let n = 0;
      for await (const _ of iterable) n++;
      return n;
    };

    for (let round = 0; round < 3; round++) {
      const r = round * 10;
      await run("records.list", () => bigin.records.list("Contacts", { fields: ["Last_Name"] }));
      await run("records.list Pipelines", () =>
        bigin.records.list("Pipelines", { fields: ["Deal_Name"], pipelineId: PIPELINE }),
      );
      await run("records.iterate Pipelines", () =>
        collect(bigin.records.iterate("Pipelines", { fields: ["Deal_Name"], pipelineId: PIPELINE })),
      );
      await run("records.get", () => bigin.records.get("Contacts", contacts[r]!));
      await run("records.create", () =>
        bigin.records.create("Contacts", [{ Last_Name: `Echo ${round}` }, { Email: "no-name@example.com" }]),
      );
      await run("records.update", () =>
        bigin.records.update("Contacts", [
          { id: contacts[r + 1]!, Last_Name: "Updated" },
          { id: "1", Last_Name: "Missing" },
        ]),
      );
      await run("records.upsert", () =>
        bigin.records.upsert("Contacts", [{ Last_Name: "Upserted", Email: `seed${r + 3}@example.com` }]),
      );
      await run("records.delete", () => bigin.records.delete("Contacts", [contacts[r + 2]!, "1"]));
      await run("records.search", () =>
        bigin.records.search("Contacts", { criteria: eq("Last_Name", "Seed 4") }),
      );
      await run("records.searchAll", () => collect(bigin.records.searchAll("Contacts", { word: "Seed" })));
      await run("records.count", () => bigin.records.count("Contacts"));
      await run("pipelines.list", () => bigin.pipelines.list());
      await run("org.get", () => bigin.org.get());
      await run("users.list", () => bigin.users.list());
      await run("users.get", () => bigin.users.get("1"));
      await run("settings.modules", () => bigin.settings.modules());
      await run("settings.module", () => bigin.settings.module("Contacts"));
      await run("settings.fields", () => bigin.settings.fields("Contacts"));
      await run("settings.layouts", () => bigin.settings.layouts("Pipelines"));
      await run("raw.GET", async () => {
        const { error, response } = await bigin.raw.GET("/bigin/v2/org");
        return { status: response.status, error };
      });
    }
    vi.restoreAllMocks();

    const errors = outcomes.filter((o) => o.value instanceof Error);
    const failures = outcomes.flatMap((o) =>
      typeof o.value === "object" && o.value !== null && "failed" in o.value
        ? (o.value as { failed: unknown[] }).failed
        : [],
    );
    const texts = [...outcomes.flatMap((o) => renderings(o.value)), ...lines];
    const leaks = outcomes.flatMap((o) =>
      renderings(o.value).flatMap((text) =>
        findLeaks(text, SECRETS).map((leak) => `${o.operation}: ${leak}`),
      ),
    );
    expect([...leaks, ...lines.flatMap((line) => findLeaks(line, SECRETS))]).toEqual([]);
    expect(fetch.stats.echoedBodies).toBeGreaterThan(15);
    expect(fetch.stats.thrown).toBeGreaterThan(3);
    expect(errors.length).toBeGreaterThan(15);
    expect(failures.length).toBeGreaterThan(3);
    const redacted = texts.filter((text) => text.includes("[redacted]")).length;
    expect(redacted).toBeGreaterThan(10);
    const kinds = new Set(errors.map((o) => (o.value as ApiError).code));
    console.log(
      `[reliability] secrets (Bigin): ${outcomes.length} operations (${new Set(outcomes.map((o) => o.operation)).size} kinds), ` +
        `${server.requests.length} requests, ${fetch.stats.echoedBodies} answers echoing the credentials, ` +
        `${fetch.stats.thrown} network errors quoting them; ${errors.length} errors (${[...kinds].sort().join(", ")}), ` +
        `${failures.length} per-item failures; ${texts.length} renderings searched: 0 leaks (${redacted} show [redacted])`,
    );
  });
});
