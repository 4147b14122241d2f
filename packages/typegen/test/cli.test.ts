import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MetadataServer, startMetadataServer } from "@zohokit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { scratchDir, typecheck } from "./compile.js";
import { richOrg } from "./fixtures/rich-org.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let server: MetadataServer;

function fixture() {
  const org = richOrg();
  return { app: "crm" as const, org: org.org, modules: org.modules, fields: org.fields };
}

beforeEach(async () => {
  scratch = await scratchDir();
  server = await startMetadataServer(fixture());
  process.env.MATON_API_KEY = "mk_cli_test_key_123456";
});
afterEach(async () => {
  await server.close();
  await scratch.remove();
  delete process.env.MATON_API_KEY;
});

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe("zohokit CLI", () => {
  it("prints help with examples", async () => {
    const main = await run("--help");
    expect(main.code).toBe(0);
    expect(main.out).toContain("zohokit typegen --app crm|bigin --out <file.ts>");
    const typegen = await run("typegen", "--help");
    expect(typegen.code).toBe(0);
    expect(typegen.out).toContain("Examples:");
    expect((await run("typegen", "--out", "x.ts")).code).toBe(2);
    expect((await run("nonsense")).err).toContain("Unknown command");
  });

  it("generates over HTTP a file that a consumer type-checks against", async () => {
    const out = join(scratch.dir, "org.ts");
    const result = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Wrote .*org\.ts: 4 modules/);
    expect(server.requests).toContain("GET /crm/v8/settings/fields?module=Leads");
    expect(server.requests.some((r) => r.includes("Hidden_Module"))).toBe(false);
    const consumer = `import { createCrmClient, eq } from "@zohokit/crm";
import type { Org } from "./org.js";
const crm = createCrmClient<Org>({ apiKey: "k" });
export const page = crm.records.list("Projects__c", { fields: ["Budget"] });
export const found = crm.records.search("Leads", { criteria: eq("Lead_Status", "Hot") });
`;
    expect(await typecheck(scratch.dir, { "consumer.ts": consumer })).toEqual([]);
    const broken = consumer.replace('fields: ["Budget"]', 'fields: ["Budgett"]');
    const errors = await typecheck(scratch.dir, { "consumer.ts": broken });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"Budgett"');
  });

  it("--modules limits the modules read", async () => {
    const out = join(scratch.dir, "org.ts");
    expect(
      (await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url, "--modules", "Leads"))
        .code,
    ).toBe(0);
    expect(await readFile(out, "utf8")).toContain("modules (1): Leads");
    const unknown = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      out,
      "--base-url",
      server.url,
      "--modules",
      "leads",
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("Unknown module(s): leads");
  });

  it("--check passes on an unchanged org and names a changed picklist", async () => {
    const out = join(scratch.dir, "org.ts");
    expect((await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url)).code).toBe(0);
    const unchanged = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url, "--check");
    expect(unchanged.code).toBe(0);
    expect(unchanged.out).toContain("up to date");

    const drifted = fixture();
    const status = drifted.fields.Leads!.find((f) => f.api_name === "Lead_Status")!;
    status.pick_list_values = [
      ...(status.pick_list_values ?? []),
      { actual_value: "Warm", display_value: "Warm" },
    ];
    drifted.fields.Leads = drifted.fields.Leads!.filter((f) => f.api_name !== "Reminder");
    drifted.fields.Leads.push({ api_name: "Twitter", data_type: "text", field_label: "Twitter" });
    server.setFixture(drifted);
    const before = await readFile(out, "utf8");
    const changed = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url, "--check");
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('picklist values added: Leads.Lead_Status "Warm"');
    expect(changed.err).toContain("field removed: Leads.Reminder");
    expect(changed.err).toContain("field added: Leads.Twitter (text)");
    expect(await readFile(out, "utf8")).toBe(before);
  });

  it("--save then --from gives byte-identical output with no network", async () => {
    const live = join(scratch.dir, "live.ts");
    const offline = join(scratch.dir, "offline.ts");
    const snapshot = join(scratch.dir, "snapshot");
    expect(
      (await run("typegen", "--app", "crm", "--out", live, "--base-url", server.url, "--save", snapshot))
        .code,
    ).toBe(0);
    await server.close();
    const result = await run("typegen", "--app", "crm", "--out", offline, "--from", snapshot);
    expect(result.code).toBe(0);
    expect(await readFile(offline, "utf8")).toBe((await readFile(live, "utf8")).replace(live, offline));
    server = await startMetadataServer(fixture());
  });

  it("writes nothing and names the module on a failure", async () => {
    const out = join(scratch.dir, "org.ts");
    const broken = fixture();
    (broken.fields as Record<string, unknown>).Projects__c = "not an array";
    server.setFixture(broken as ReturnType<typeof fixture>);
    const result = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url);
    expect(result.code).toBe(1);
    expect(result.err).toContain("Projects__c");
    expect(result.err).toContain("Nothing was written");
    await expect(stat(out)).rejects.toThrow();
  });

  it("fails clearly without an API key, before any request", async () => {
    delete process.env.MATON_API_KEY;
    const result = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "org.ts"),
      "--base-url",
      server.url,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("MATON_API_KEY");
    expect(server.requests).toEqual([]);
  });

  it("refuses a snapshot of the other app", async () => {
    const snapshot = join(scratch.dir, "snap");
    await mkdir(join(snapshot, "fields"), { recursive: true });
    await writeFile(join(snapshot, "snapshot.json"), JSON.stringify({ version: 1, app: "bigin" }));
    await writeFile(join(snapshot, "org.json"), JSON.stringify({ org: [{ id: "1" }] }));
    await writeFile(join(snapshot, "modules.json"), JSON.stringify({ modules: [] }));
    const result = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "o.ts"),
      "--from",
      snapshot,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain("is of bigin");
  });
});
