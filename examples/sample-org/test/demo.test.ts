import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startBiginSampleGateway } from "../demo/bigin-gateway.js";
import { exampleFor, startSampleGateway } from "../demo/gateway.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const zohokit = require.resolve("@zohokit/typegen/package.json").replace(/package\.json$/, "dist/bin.js");

describe("the sample org", () => {
  it("has generated types that match its metadata (typegen --check from the snapshot)", async () => {
    const result = await run([
      zohokit,
      "typegen",
      "--app",
      "crm",
      "--out",
      "src/org.d.ts",
      "--from",
      "metadata",
      "--check",
    ]);
    expect(result.out).toContain("up to date");
    expect(result.code).toBe(0);
  });

  it("routes each request to the sample org's named example", () => {
    const url = (path: string) => new URL(`http://x/crm/v8${path}`);
    expect(exampleFor("GET", url("/settings/fields?module=Deals"), "")).toBe("fields-Deals");
    expect(exampleFor("GET", url("/Leads?fields=Email&page=2"), "")).toBe("Leads-page-2");
    expect(exampleFor("GET", url("/Leads/search?word=ab"), "")).toBe("Leads-search");
    expect(exampleFor("POST", url("/Leads"), JSON.stringify({ data: new Array(50).fill({}) }))).toBe(
      "created-50",
    );
    expect(exampleFor("GET", url("/org"), "")).toBeUndefined();
    expect(exampleFor("GET", url("/settings/related_lists?module=Accounts"), "")).toBe(
      "related-lists-Accounts",
    );
    expect(exampleFor("GET", url("/Accounts/4876543000000500011/Contacts?fields=Email"), "")).toBe(
      "related-Accounts-4876543000000500011-Contacts",
    );
    expect(exampleFor("GET", url("/Leads/deleted"), "")).toBe("Leads-deleted");
    expect(exampleFor("GET", url("/Leads/deleted"), "", "2026-05-19T00:00:00+00:00")).toBe(
      "Leads-deleted-since",
    );
    expect(exampleFor("GET", url("/Leads?sort_by=Modified_Time"), "", "2026-05-19T00:00:00Z")).toBe(
      "Leads-changes",
    );
    expect(
      exampleFor("GET", url("/Leads?sort_by=Modified_Time"), "", "2026-06-01T00:00:00Z"),
    ).toBeUndefined();
  });

  it("runs the demo program against the Prism-backed sample gateway", async () => {
    const gateway = await startSampleGateway();
    try {
      const result = await run([require.resolve("tsx/cli"), "src/main.ts"], {
        ZOHOKIT_DEMO_BASE_URL: gateway.url,
      });
      expect(result.code).toBe(0);
      expect(result.out).toContain("Sample Outfitters Ltd.");
      expect(result.out).toMatch(/Contacts: 5 records over 3 pages/);
      expect(result.out).toContain(
        "Contacts of Northwind Traders: Okafor <amara@northwind.example>, Ishikawa",
      );
      expect(result.out).toMatch(
        /2 changed \(Chen \(Attempted to Contact\), Ortega \(Not Qualified\)\), 2 deleted/,
      );
      expect(result.out).toContain("250 Leads in 3 requests: 250 succeeded, 0 failed");
      expect(gateway.requests.filter((r) => r === "POST /crm/v8/Leads")).toHaveLength(3);
    } finally {
      await gateway.stop();
    }
  }, 60_000);
});

describe("the Bigin demo", () => {
  it("reads each Team Pipeline, moves a stage within its pipeline, refuses another pipeline's stage, reads an account's contacts and tags one", async () => {
    const gateway = await startBiginSampleGateway();
    try {
      const result = await run([require.resolve("tsx/cli"), "src/bigin.ts"], {
        ZOHOKIT_DEMO_BASE_URL: gateway.url,
        ZOHOKIT_DEMO_API_KEY: gateway.apiKey,
      });
      expect(result.out).toContain("Harbor Lane Goods");
      expect(result.code).toBe(0);
      expect(result.out).toContain(
        "Sales Pipeline (6 stages, 2 sub-pipelines); Showroom Projects (6 stages, 1 sub-pipeline)",
      );
      expect(result.out).toMatch(
        /Sales Pipeline: 3 deals \(.*\); Showroom Projects: 2 deals \(.*Design 1.*\)/,
      );
      expect(result.out).toContain(
        '"Lindqvist site kitchens, block C" (Sales Pipeline): Qualification -> Needs Identification; read back: Needs Identification',
      );
      expect(result.out).toContain('a deal in Sales Pipeline at "Site Survey": not sent');
      expect(gateway.record("Pipelines", "5725767000000420113")?.Stage).toBe("Needs Identification");
      // Each Team Pipeline listed by its pipeline_id; one update sent, and no create.
      const lists = gateway.requests.filter((r) => r.method === "GET" && r.path === "/bigin/v2/Pipelines");
      expect(new Set(lists.map((r) => r.query.pipeline_id))).toEqual(
        new Set(["5725767000000091101", "5725767000000091117"]),
      );
      expect(result.out).toContain("Northgate Interiors's contacts: Priya Nair");
      expect(result.out).toMatch(/contact Nair tagged "Demo"; its tags now: Hot lead, showroom, Demo/);
      expect(
        (gateway.record("Contacts", "5725767000000412103")?.Tag as { name: string }[] | undefined)?.map(
          (t) => t.name,
        ),
      ).toEqual(["Hot lead", "showroom", "Demo"]);
      expect(gateway.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([
        "PUT /bigin/v2/Pipelines",
        "POST /bigin/v2/Contacts/actions/add_tags",
      ]);
    } finally {
      await gateway.stop();
    }
  }, 60_000);
});
