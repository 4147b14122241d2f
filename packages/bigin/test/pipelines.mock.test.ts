/**
 * Team Pipelines at run time, against @zohokit/mock serving the Bigin sample org (two Team Pipelines, each with its
 * own stages): pipelines.list() reads the layouts once, pipelines.check() and the checkStages option refuse a
 * stage of another pipeline before any write is sent, and settings.module() reads one module.
 */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type BiginClientOptions, createBiginClient, ZohoKitError } from "../src/index.js";

const ORG = fileURLToPath(new URL("../../../examples/sample-org/bigin/metadata/", import.meta.url));
const API_KEY = "mk_bigin_pipelines_0123";
const SALES = "5725767000000091101";
const SHOWROOM = "5725767000000091117";

let zoho: MockGateway | undefined;
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
});

async function setup(options: BiginClientOptions = {}) {
  zoho = await startMockGateway({ app: "bigin", org: ORG, apiKey: API_KEY });
  const bigin = createBiginClient({ apiKey: API_KEY, baseUrl: zoho.url, retry: false, ...options });
  const sent = (method: string, path: string) =>
    zoho!.requests.filter((r) => r.method === method && r.path === path).length;
  return { zoho, bigin, sent };
}

const LAYOUTS = "/bigin/v2/settings/layouts";

describe("pipelines.list", () => {
  it("reads the Team Pipelines once, keeps them, and reads again on refresh", async () => {
    const { bigin, sent } = await setup();
    const pipelines = await bigin.pipelines.list();
    expect(pipelines.map((p) => [p.id, p.name, p.stages.length])).toEqual([
      [SALES, "Sales Pipeline", 6],
      [SHOWROOM, "Showroom Projects", 6],
    ]);
    expect(pipelines[0]!.subPipelines).toEqual([
      { value: "Sales Pipeline Standard", label: "Standard" },
      { value: "Sales Pipeline Renewals", label: "Renewals" },
    ]);
    pipelines[0]!.stages.push("Mutated by the caller");
    expect((await bigin.pipelines.list())[0]!.stages).not.toContain("Mutated by the caller");
    expect(sent("GET", LAYOUTS)).toBe(1);
    await bigin.pipelines.list({ refresh: true });
    expect(sent("GET", LAYOUTS)).toBe(2);
  });
});

describe("pipelines.check", () => {
  it("passes inputs whose Stage and Sub_Pipeline belong to the pipeline they name", async () => {
    const { bigin } = await setup();
    await expect(
      bigin.pipelines.check([
        {
          Deal_Name: "A",
          Pipeline: { id: SALES },
          Stage: "Qualification",
          Sub_Pipeline: "Sales Pipeline Renewals",
        },
        { Deal_Name: "B", Pipeline: { id: SHOWROOM }, Stage: "Design" },
        { id: "5725767000000420101", Stage: "Closed Won" },
        { Deal_Name: "No stage" },
      ]),
    ).resolves.toBeUndefined();
  });

  it("lists every input that does not fit, with its pipeline's stages", async () => {
    const { bigin } = await setup();
    const error = (await bigin.pipelines
      .check([
        { Deal_Name: "ok", Pipeline: { id: SALES }, Stage: "Qualification" },
        { Deal_Name: "other pipeline's", Pipeline: { id: SALES }, Stage: "Design" },
        { Deal_Name: "no such pipeline", Pipeline: { id: "42" }, Stage: "Design" },
        {
          Deal_Name: "sub",
          Pipeline: { id: SHOWROOM },
          Stage: "Design",
          Sub_Pipeline: "Sales Pipeline Standard",
        },
        { id: "5725767000000420101", Stage: "Lost in space" },
      ])
      .catch((e: unknown) => e)) as ZohoKitError;
    expect(error).toBeInstanceOf(ZohoKitError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error.message).toContain("4 of 5 Pipelines inputs do not fit your Team Pipelines");
    expect(error.message).toContain(
      `input 1: Stage "Design" is not a stage of Team Pipeline "Sales Pipeline" (${SALES}) but of Team Pipeline "Showroom Projects" (${SHOWROOM}); its stages: "Qualification", "Needs Identification"`,
    );
    expect(error.message).toContain('input 2: Pipeline "42" is none of your Team Pipelines');
    expect(error.message).toContain('input 3: Sub_Pipeline "Sales Pipeline Standard" is not one of');
    expect(error.message).toContain(
      'input 4: Stage "Lost in space" is a stage of none of your Team Pipelines',
    );
    expect(error.message).toContain("bigin.pipelines.list()");
  });

  it("reads the pipelines again once before refusing what the kept ones lack", async () => {
    const { zoho, bigin, sent } = await setup();
    await bigin.pipelines.list();
    const layouts = (await bigin.settings.layouts("Pipelines")) as unknown as Record<string, unknown>[];
    const snapshot = JSON.parse(JSON.stringify(layouts)) as typeof layouts;
    snapshot.push({ ...snapshot[1]!, id: "5725767000000091133", name: "Events", display_label: "Events" });
    const modules = (await bigin.settings.modules()) as unknown as Record<string, unknown>[];
    const fields = Object.fromEntries(
      await Promise.all(
        ["Accounts", "Contacts", "Pipelines", "Products"].map(async (m) => [
          m,
          await bigin.settings.fields(m),
        ]),
      ),
    );
    await zoho.setOrg({ app: "bigin", modules, fields, layouts: { Pipelines: snapshot } });
    const before = sent("GET", LAYOUTS);
    await bigin.pipelines.check([
      { Deal_Name: "new", Pipeline: { id: "5725767000000091133" }, Stage: "Design" },
    ]);
    expect(sent("GET", LAYOUTS)).toBe(before + 1);
    await expect(
      bigin.pipelines.check([{ Deal_Name: "x", Pipeline: { id: "1" }, Stage: "Design" }]),
    ).rejects.toThrow(/none of your Team Pipelines/);
    expect(sent("GET", LAYOUTS)).toBe(before + 2);
  });

  it("refuses what is not a batch of inputs before any request", async () => {
    const { bigin, zoho } = await setup();
    await expect(bigin.pipelines.check([] as never)).rejects.toThrow(/non-empty array/);
    await expect(bigin.pipelines.check("x" as never)).rejects.toThrow(ZohoKitError);
    expect(zoho.requests).toHaveLength(0);
  });
});

describe("the checkStages option", () => {
  it("checks Pipelines creates, updates and upserts before sending them", async () => {
    const { bigin, sent } = await setup({ checkStages: true });
    await expect(
      bigin.records.create("Pipelines", [{ Deal_Name: "x", Pipeline: { id: SALES }, Stage: "Design" }]),
    ).rejects.toThrow(/Stage "Design" is not a stage of Team Pipeline "Sales Pipeline"/);
    await expect(
      bigin.records.update("Pipelines", [{ id: "5725767000000420101", Stage: "Lost in space" }]),
    ).rejects.toThrow(ZohoKitError);
    await expect(
      bigin.records.upsert("Pipelines", [
        { Deal_Name: "x", Pipeline: { id: SHOWROOM }, Stage: "Qualification" },
      ]),
    ).rejects.toThrow(/Showroom Projects/);
    expect(sent("POST", "/bigin/v2/Pipelines") + sent("PUT", "/bigin/v2/Pipelines")).toBe(0);
    expect(sent("POST", "/bigin/v2/Pipelines/upsert")).toBe(0);
    // The first check read the layouts; each refusal after it read them once more, in case they changed.
    expect(sent("GET", LAYOUTS)).toBe(3);

    const created = await bigin.records.create("Pipelines", [
      { Deal_Name: "Moved later", Pipeline: { id: SALES }, Stage: "Qualification" },
    ]);
    expect(created.failed).toEqual([]);
    const moved = await bigin.records.update("Pipelines", [
      { id: created.succeeded[0]!.id, Pipeline: { id: SALES }, Stage: "Negotiation/Review" },
    ]);
    expect(moved.failed).toEqual([]);
    expect(sent("GET", LAYOUTS)).toBe(3);
    // Other modules are not checked.
    await bigin.records.create("Contacts", [{ Last_Name: "Raman" }]);
    expect(sent("GET", LAYOUTS)).toBe(3);
  });

  it("reads no layouts for input core refuses anyway", async () => {
    const { bigin, zoho } = await setup({ checkStages: true });
    await expect(bigin.records.update("Pipelines", [{ Stage: "Design" } as never])).rejects.toThrow(/id/);
    await expect(bigin.records.create("Pipelines", {} as never)).rejects.toThrow(/non-empty array/);
    expect(zoho.requests).toHaveLength(0);
  });

  it("without the option a stage of another pipeline reaches Zoho, which refuses that input", async () => {
    const { bigin, sent } = await setup();
    const result = await bigin.records.create("Pipelines", [
      { Deal_Name: "x", Pipeline: { id: SALES }, Stage: "Design" as never },
    ]);
    expect(result.failed).toMatchObject([{ index: 0, code: "INVALID_DATA", details: { api_name: "Stage" } }]);
    expect(sent("GET", LAYOUTS)).toBe(0);
  });
});

describe("settings.module", () => {
  it("reads one module with GET /settings/modules/{api_name}", async () => {
    const { bigin, zoho } = await setup();
    const module = await bigin.settings.module("Pipelines");
    expect(module?.api_name).toBe("Pipelines");
    expect(zoho.requests.map((r) => r.path)).toEqual(["/bigin/v2/settings/modules/Pipelines"]);
    const error = (await bigin.settings.module("Nope").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("INVALID_MODULE");
    await expect(bigin.settings.module("../org")).rejects.toThrow(ZohoKitError);
    expect(zoho.requests).toHaveLength(2);
  });
});

describe("listing Pipelines", () => {
  it("says Zoho needs pipeline_id and where the ids are, before any request and on Zoho's answer", async () => {
    const { bigin, zoho } = await setup();
    const refused = (await bigin.records
      .list("Pipelines", { fields: ["Deal_Name"] } as never)
      .catch((e: unknown) => e)) as ZohoKitError;
    expect(refused.message).toContain("Zoho requires pipeline_id");
    expect(refused.message).toContain("bigin.pipelines.list()");
    expect(zoho.requests).toHaveLength(0);
    const answered = (await bigin
      .unwrap(bigin.raw.GET("/bigin/v2/Pipelines", { params: { query: { fields: "Deal_Name" } as never } }))
      .catch((e: unknown) => e)) as ApiError;
    expect(answered).toBeInstanceOf(ApiError);
    expect(answered.code).toBe("REQUIRED_PARAM_MISSING");
    expect(answered.message).toContain("one Team Pipeline at a time");
    expect(answered.message).toContain("bigin.pipelines.list()");
  });
});

describe("OAuth scope errors", () => {
  it("name the scope a module needs and that Maton support grants it", async () => {
    zoho = await startMockGateway({
      app: "bigin",
      org: ORG,
      apiKey: API_KEY,
      scopes: ["ZohoBigin.modules.Contacts.ALL"],
    });
    const bigin = createBiginClient({ apiKey: API_KEY, baseUrl: zoho.url, retry: false });
    const error = (await bigin.records
      .list("Tasks", { fields: ["Subject"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("OAUTH_SCOPE_MISMATCH");
    expect(error.message).toContain("the Tasks module only with the ZohoBigin.modules.tasks.ALL OAuth scope");
    expect(error.message).toContain(
      "Maton grants extra scopes through its support: write to support@maton.ai",
    );
    expect(error.message).not.toContain(API_KEY);
  });
});
