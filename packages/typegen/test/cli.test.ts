import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type MetadataServer, startMetadataServer } from "@zohokit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { actionable } from "./actionable.js";
import { scratchDir, typecheck } from "./compile.js";
import { relatedList, richOrg } from "./fixtures/rich-org.js";

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
const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
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

  it("--check names related lists added, removed and pointing elsewhere", async () => {
    const org = richOrg();
    const withLists = { ...fixture(), relatedLists: org.relatedLists! };
    server.setFixture(withLists);
    const out = join(scratch.dir, "org.ts");
    expect((await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url)).code).toBe(0);
    expect(await readFile(out, "utf8")).toContain('Projects: "Projects__c"');
    server.setFixture({
      ...withLists,
      relatedLists: {
        ...withLists.relatedLists,
        Leads: [
          relatedList("Notes", "Notes", "1"),
          relatedList("Projects", "Leads", "3"),
          relatedList("Deals", "Deals", "9"),
        ],
      },
    });
    const changed = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url, "--check");
    expect(changed.code).toBe(1);
    expect(changed.err).toContain("related list added: Leads.Deals (-> Deals)");
    expect(changed.err).toContain("related list removed: Leads.Attachments (was -> Attachments)");
    expect(changed.err).toContain("related list changed: Leads.Projects -> Projects__c became -> Leads");
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

describe("zohokit CLI: what it prints", () => {
  async function runTTY(...argv: string[]) {
    let err = "";
    const code = await main(argv, { out: () => {}, err: (t) => (err += t), isTTY: true });
    return { code, err };
  }

  /** An org whose names and labels carry workflow commands, escape sequences and NULs. */
  function craftedOrg() {
    const org = fixture();
    org.fields.Leads = [
      ...org.fields.Leads!,
      {
        api_name: "X\n::add-mask::hunter2",
        data_type: "text\u001b[2J",
        field_label: "Label\u0000\u001b[31m",
      },
      { api_name: "::error file=a::boom", data_type: "##[error]text", field_label: "\u202eevil" },
    ];
    return org;
  }

  it("--check escapes control characters and workflow commands from the org in everything it prints", async () => {
    const out = join(scratch.dir, "org.ts");
    expect((await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url)).code).toBe(0);
    server.setFixture(craftedOrg());
    const changed = await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url, "--check");
    expect(changed.code).toBe(1);
    expect(changed.err).toContain("field added: Leads.X\\x0a::add-mask::hunter2 (text\\x1b[2J)");
    expect(changed.err).toContain("field added: Leads.::error file=a::boom (##\\x5berror]text)");
    expect(actionable(changed.err)).toEqual([]);
    expect(actionable(changed.out)).toEqual([]);
  });

  it("writes labels with NUL and ESC into comments escaped, so the file stays text", async () => {
    server.setFixture(craftedOrg());
    const out = join(scratch.dir, "org.ts");
    expect((await run("typegen", "--app", "crm", "--out", out, "--base-url", server.url)).code).toBe(0);
    const written = await readFile(out);
    expect(written.includes(0)).toBe(false);
    expect(written.includes(0x1b)).toBe(false);
    const text = written.toString("utf8");
    expect(text).toContain(" * Label\\x00\\x1b[31m (text\\x1b[2J).\n");
    expect(text).toContain(" * \\u202eevil (##\\x5berror]text).\n");
    expect(text).toContain('"X\\n::add-mask::hunter2": unknown;');
    expect(actionable(text)).toEqual([]);
  });

  it("escapes module names in the progress line; only its own carriage return and erase-line remain", async () => {
    const org = fixture();
    org.modules = [
      ...org.modules,
      { api_name: "Evil\u001b]0;title\u0007", api_supported: true },
      { api_name: "Beep", api_supported: true },
    ];
    org.fields.Beep = [{ api_name: "Name", data_type: "text", json_type: "string" }];
    server.setFixture(org);
    const result = await runTTY(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "o.ts"),
      "--base-url",
      server.url,
    );
    expect(result.code).toBe(0);
    expect(result.err).toContain('warning: Module "Evil\\u001b]0;title\\u0007" is left out');
    const withoutOwnSequences = result.err.replaceAll("\r", "").replaceAll("\u001b[K", "");
    expect(actionable(withoutOwnSequences)).toEqual([]);
    expect(result.err).toContain("] Beep: 1 fields\u001b[K");
  });

  it("escapes a server's error message", async () => {
    const result = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "o.ts"),
      "--from",
      join(scratch.dir, "no\n::error::such\u001b[2Jdir"),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("no\\x0a::error::such\\x1b[2Jdir");
    expect(actionable(result.err)).toEqual([]);
  });
});

describe("zohokit CLI: module names that cannot be files or keys", () => {
  it("skips a live module whose API name is a path, with a warning, and saves the rest inside --save", async () => {
    const org = fixture();
    org.modules = [...org.modules, { api_name: "../../escaped", api_supported: true }];
    org.fields["../../escaped"] = [{ api_name: "Name", data_type: "text", json_type: "string" }];
    server.setFixture(org);
    const snapshot = join(scratch.dir, "deep", "snapshot");
    const result = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "org.ts"),
      "--base-url",
      server.url,
      "--save",
      snapshot,
    );
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      'zohokit: warning: Module "../../escaped" is left out: its API name is not one the clients can request',
    );
    expect(result.out).toMatch(/Wrote .*org\.ts: 4 modules/);
    await expect(stat(join(scratch.dir, "deep", "escaped.json"))).rejects.toThrow();
    expect((await readdir(join(snapshot, "fields"))).sort()).toEqual([
      "Leads.json",
      "Line_Items_Sub.json",
      "Projects__c.json",
      "Wide_Module.json",
    ]);
  });

  it("leaves fields/__proto__.json out with a warning, and says no such module for --modules toString", async () => {
    const snapshot = join(scratch.dir, "snap");
    await mkdir(join(snapshot, "fields"), { recursive: true });
    await writeFile(join(snapshot, "snapshot.json"), JSON.stringify({ version: 1, app: "crm" }));
    await writeFile(join(snapshot, "org.json"), JSON.stringify({ org: [{ id: "1" }] }));
    await writeFile(
      join(snapshot, "modules.json"),
      JSON.stringify({ modules: [{ api_name: "Leads" }, { api_name: "__proto__" }] }),
    );
    const fields = JSON.stringify({
      fields: [{ api_name: "Last_Name", data_type: "text", json_type: "string" }],
    });
    await writeFile(join(snapshot, "fields", "Leads.json"), fields);
    await writeFile(join(snapshot, "fields", "__proto__.json"), fields);
    const out = join(scratch.dir, "o.ts");
    const ok = await run("typegen", "--app", "crm", "--out", out, "--from", snapshot);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain(
      'warning: fields/__proto__.json is left out: "__proto__" is not a module API name',
    );
    expect(ok.out).toContain("1 modules");
    const missing = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      out,
      "--from",
      snapshot,
      "--modules",
      "toString",
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`No such module in the snapshot ${snapshot}: toString. It has: Leads.`);
  });
});

describe("zohokit CLI: version, flags, key and modules", () => {
  it("prints its version with --version and -v", async () => {
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    for (const argv of [["--version"], ["-v"], ["typegen", "--version"]]) {
      const result = await run(...argv);
      expect(result).toEqual({ code: 0, out: `${version}\n`, err: "" });
    }
  });

  it("answers an unknown flag with the closest one", async () => {
    const out = join(scratch.dir, "o.ts");
    const typo = await run("typegen", "--app", "crm", "--out", out, "--modlues", "Leads");
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("Unknown option --modlues: did you mean --modules?");
    expect(typo.err).not.toContain("positional");
    expect((await run("typegen", "--app", "crm", "--out", out, "--chek")).err).toContain(
      "did you mean --check?",
    );
    expect((await run("typegen", "-modules", "Leads")).err).toContain("did you mean --modules?");
    expect((await run("typegen", "--base_url=x")).err).toContain(
      "Unknown option --base_url: did you mean --base-url?",
    );
    const far = await run("typegen", "--app", "crm", "--out", out, "--frobnicate");
    expect(far.err).toContain("Unknown option --frobnicate. The options are --app, --out, --modules,");
    expect((await run("--verison")).err).toContain("Unknown option --verison: did you mean --version?");
    expect((await run("typgen")).err).toContain("Unknown command: typgen. Did you mean typegen?");
    expect((await run("--app", "crm")).err).toContain("--app is an option of typegen");
    expect((await run("typegen", "--app")).err).toContain("--app needs a value, e.g. --app=crm.");
    expect((await run("typegen", "--check=yes")).err).toContain("--check takes no value; got yes.");
    expect(server.requests).toEqual([]);
  });

  it("names the environment variable when the key is missing, and has no --api-key option", async () => {
    delete process.env.MATON_API_KEY;
    const result = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      join(scratch.dir, "o.ts"),
      "--base-url",
      server.url,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain("set the MATON_API_KEY environment variable");
    expect(result.err).not.toContain("{ apiKey }");
    expect(server.requests).toEqual([]);
    const flag = await run("typegen", "--app", "crm", "--out", "o.ts", "--api-key", "mk_secret_value_123");
    expect(flag.code).toBe(2);
    expect(flag.err).not.toContain("mk_secret_value_123");
    expect((await run("typegen", "--help")).out).toContain("there is no --api-key option");
  });

  it("lists only modules typegen can type when a module is unknown, and says why one is not typeable", async () => {
    const out = join(scratch.dir, "o.ts");
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
    expect(unknown.err).toContain(
      "Unknown module(s): leads. Module API names are case-sensitive. typegen can type: Leads, Line_Items_Sub, Projects__c, Wide_Module.",
    );
    expect(unknown.err).not.toContain("Hidden_Module");
    const hidden = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      out,
      "--base-url",
      server.url,
      "--modules",
      "Hidden_Module",
    );
    expect(hidden.err).toContain(
      "Not supported by the API in this org (api_supported: false), so typegen cannot type them: Hidden_Module.",
    );
  });
});
