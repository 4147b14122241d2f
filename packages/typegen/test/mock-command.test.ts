import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBiginClient } from "@zohokit/bigin";
import { createCrmClient } from "@zohokit/crm";
import { startMockGateway } from "@zohokit/mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { saveSnapshot } from "../src/index.js";
import { runMock } from "../src/mock-command.js";
import { scratchDir } from "./compile.js";
import { richOrg } from "./fixtures/rich-org.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeEach(async () => {
  scratch = await scratchDir();
});
afterEach(async () => {
  await scratch.remove();
  delete process.env.MATON_API_KEY;
});

function io() {
  const captured = { out: "", err: "" };
  return {
    captured,
    io: { out: (t: string) => (captured.out += t), err: (t: string) => (captured.err += t), isTTY: false },
  };
}

/** Starts `zohokit mock` in-process; resolves once it printed its JSON line. */
async function startCommand(args: string[]) {
  const signals = new EventEmitter();
  const { captured, io: streams } = io();
  const done = runMock([...args, "--json"], streams, { signals });
  for (let i = 0; i < 500 && !captured.out.includes("\n") && !captured.err; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!captured.out.includes("\n")) throw new Error(`zohokit mock did not start: ${captured.err}`);
  const printed = JSON.parse(captured.out) as { url: string; apiKey: string; connectionId: string };
  return { ...printed, signals, done, captured };
}

describe("zohokit mock", () => {
  it("serves the org, prints the URL and the key, and stops on SIGTERM or SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"]) {
      const mock = await startCommand(["--org", SAMPLE_ORG]);
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const crm = createCrmClient({ baseUrl: mock.url, apiKey: mock.apiKey, retry: false });
      const created = await crm.records.create("Deals", [
        { Deal_Name: "Big one", Stage: "Closed Won" },
        { Deal_Name: "No stage" },
      ]);
      expect(created.succeeded).toHaveLength(1);
      expect(created.failed).toMatchObject([{ index: 1, code: "MANDATORY_NOT_FOUND" }]);
      expect(mock.signals.listenerCount(signal)).toBe(1);
      mock.signals.emit(signal);
      expect(await mock.done).toBe(0);
      await expect(fetch(`${mock.url}/crm/v8/org`)).rejects.toThrow();
      expect(mock.signals.listenerCount("SIGINT") + mock.signals.listenerCount("SIGTERM")).toBe(0);
    }
  });

  it("takes the key, port and app it is given", async () => {
    const probe = await startMockGateway({ app: "crm" });
    const port = new URL(probe.url).port;
    await probe.close();
    const mock = await startCommand([
      "--app",
      "bigin",
      "--port",
      port,
      "--api-key",
      "test-key",
      "--seed",
      "4",
    ]);
    expect(mock).toMatchObject({ url: `http://127.0.0.1:${port}`, apiKey: "test-key" });
    const bigin = createBiginClient({ baseUrl: mock.url, apiKey: "test-key", retry: false });
    expect(await bigin.records.count("Contacts")).toBe(0);
    await expect(
      createBiginClient({ baseUrl: mock.url, apiKey: "other-key-0123", retry: false }).org.get(),
    ).rejects.toMatchObject({
      status: 401,
    });
    mock.signals.emit("SIGINT");
    expect(await mock.done).toBe(0);
  });

  it("prints the URL and key as text, and is listed in the main help", async () => {
    const signals = new EventEmitter();
    const { captured, io: streams } = io();
    const done = runMock(["--app", "crm"], streams, { signals });
    for (let i = 0; i < 500 && !captured.out.includes("Ctrl+C"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(captured.out).toMatch(
      /zohokit mock: Zoho CRM v8 at \/crm\/v8, Maton's connections at \/connections\n/,
    );
    expect(captured.out).toMatch(/ {2}base URL {2}http:\/\/127\.0\.0\.1:\d+\n {2}API key {3}mock_\S+\n/);
    signals.emit("SIGTERM");
    expect(await done).toBe(0);
    expect(captured.out).toContain("zohokit mock: stopped.");
    const help = io();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.captured.out).toContain("zohokit mock [--org <dir>]");
    const mockHelp = io();
    expect(await main(["mock", "--help"], mockHelp.io)).toBe(0);
    expect(mockHelp.captured.out).toContain("--any-key");
  });

  it("says what is wrong with its arguments, and exits 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--app", "zoho"], /--app must be crm or bigin \(or give --org\)/],
      [[], /--app must be crm or bigin/],
      [["--app", "crm", "--port", "99999"], /--port must be a whole number up to 65535/],
      [["--app", "crm", "--colour"], /Unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const { captured, io: streams } = io();
      expect(await runMock(args, streams), args.join(" ")).toBe(2);
      expect(captured.err).toMatch(message);
      expect(captured.err).toContain("Run zohokit mock --help");
    }
    const { captured, io: streams } = io();
    expect(await runMock(["--org", join(scratch.dir, "missing")], streams)).toBe(2);
    expect(captured.err).toContain("--app must be crm or bigin");
    const bad = io();
    expect(await runMock(["--app", "crm", "--org", join(scratch.dir, "missing")], bad.io)).toBe(1);
    expect(bad.captured.err).toMatch(/zohokit mock failed: The org snapshot has no .*snapshot\.json/);
  });
});

describe("zohokit typegen against the mock", () => {
  for (const app of ["crm", "bigin"] as const) {
    it(`${app}: --base-url <mock url> writes what --from writes for the same snapshot`, async () => {
      const snapshot = join(scratch.dir, `${app}-snapshot`);
      await saveSnapshot(snapshot, richOrg(app));
      const mock = await startCommand(["--org", snapshot]);
      process.env.MATON_API_KEY = mock.apiKey;
      const out = join(scratch.dir, "org.ts");
      const run = async (...argv: string[]) => {
        const streams = io();
        const code = await main(argv, streams.io);
        return { code, ...streams.captured };
      };
      const live = await run("typegen", "--app", app, "--out", out, "--base-url", mock.url);
      expect(live).toMatchObject({ code: 0, err: "" });
      const fromMock = await readFile(out, "utf8");
      expect((await run("typegen", "--app", app, "--out", out, "--from", snapshot)).code).toBe(0);
      expect(fromMock).toBe(await readFile(out, "utf8"));
      expect((await run("typegen", "--app", app, "--out", out, "--base-url", mock.url, "--check")).code).toBe(
        0,
      );
      mock.signals.emit("SIGTERM");
      expect(await mock.done).toBe(0);
    });
  }

  it("bigin: pipelines.list() reads the Team Pipelines and lists a pipeline's records", async () => {
    const snapshot = join(scratch.dir, "bigin-snapshot");
    const metadata = richOrg("bigin");
    metadata.modules.push({ api_name: "Pipelines", api_supported: true, generated_type: "default" });
    metadata.fields.Pipelines = [
      { api_name: "Deal_Name", data_type: "text", system_mandatory: true },
      {
        api_name: "Stage",
        data_type: "picklist",
        system_mandatory: true,
        pick_list_values: [
          { actual_value: "Qualification", display_value: "Qualification" },
          { actual_value: "Closed Won", display_value: "Closed Won" },
        ],
      },
      { api_name: "Pipeline", data_type: "lookup" },
    ];
    await saveSnapshot(snapshot, metadata);
    const zoho = await startMockGateway({ app: "bigin", org: snapshot });
    try {
      const bigin = createBiginClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
      const [pipeline] = await bigin.pipelines.list();
      expect(pipeline).toMatchObject({ name: "Sales Pipeline", stages: ["Qualification", "Closed Won"] });
      expect(pipeline!.subPipelines).toEqual([{ value: "Sales Pipeline Standard", label: "Standard" }]);
      const created = await bigin.records.create("Pipelines", [
        { Deal_Name: "Through the mock", Stage: "Closed Won", Pipeline: { id: pipeline!.id } },
        { Deal_Name: "Bad stage", Stage: "Lost somewhere", Pipeline: { id: pipeline!.id } },
      ]);
      expect(created.failed).toMatchObject([{ index: 1, code: "INVALID_DATA" }]);
      const page = await bigin.records.list("Pipelines", { fields: ["Deal_Name"], pipelineId: pipeline!.id });
      expect(page.data.map((r) => r.Deal_Name)).toEqual(["Through the mock"]);
    } finally {
      await zoho.close();
    }
  });
});
