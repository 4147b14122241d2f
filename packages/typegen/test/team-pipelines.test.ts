/**
 * Bigin's Team Pipelines in typegen: read from the Pipelines layouts (live or from a snapshot's layouts/), written
 * as `PipelinesTeamPipelines` and `Org.Pipelines.teamPipelines`, so that `createBiginClient<Org>()` checks each
 * Stage against its own pipeline; snapshots saved without layouts still load and generate as before.
 */
import { cp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBiginClient } from "@zohokit/bigin";
import { createCrmClient } from "@zohokit/crm";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeChanges,
  fetchOrgMetadata,
  generateOrgTypes,
  loadSnapshot,
  type MetadataClient,
  type OrgMetadata,
  saveSnapshot,
  summarize,
} from "../src/index.js";
import { scratchDir, typecheck } from "./compile.js";

const BIGIN_ORG = fileURLToPath(new URL("../../../examples/sample-org/bigin/metadata/", import.meta.url));
const CRM_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));
const SALES = "5725767000000091101";
const SHOWROOM = "5725767000000091117";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let zoho: MockGateway | undefined;
beforeEach(async () => {
  scratch = await scratchDir();
});
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
  await scratch.remove();
});

const quiet = { onWarning: () => undefined };

describe("reading the Team Pipelines", () => {
  it("reads a Bigin org's Pipelines layouts beside the fields, and saves them in the snapshot", async () => {
    zoho = await startMockGateway({ app: "bigin", org: BIGIN_ORG });
    const client = createBiginClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
    const metadata = await fetchOrgMetadata(client, { app: "bigin", ...quiet });
    expect((metadata.layouts!.Pipelines as { id: string }[]).map((l) => l.id)).toEqual([SALES, SHOWROOM]);
    expect(zoho.requests.filter((r) => r.path === "/bigin/v2/settings/layouts")).toHaveLength(1);

    const dir = join(scratch.dir, "snapshot");
    await saveSnapshot(dir, metadata);
    expect(await readdir(join(dir, "layouts"))).toEqual(["Pipelines.json"]);
    const saved = JSON.parse(await readFile(join(dir, "layouts", "Pipelines.json"), "utf8"));
    expect(saved).toEqual({ layouts: metadata.layouts!.Pipelines });
    const loaded = await loadSnapshot(dir, quiet);
    expect(generateOrgTypes(loaded)).toBe(generateOrgTypes(metadata));
  });

  it("reads no layouts for CRM, nor for Bigin without Pipelines", async () => {
    zoho = await startMockGateway({ app: "crm", org: CRM_ORG });
    const crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
    expect((await fetchOrgMetadata(crm, { app: "crm", ...quiet })).layouts).toBeUndefined();
    await zoho.close();
    zoho = await startMockGateway({ app: "bigin", org: BIGIN_ORG });
    const bigin = createBiginClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
    const contacts = await fetchOrgMetadata(bigin, { app: "bigin", modules: ["Contacts"], ...quiet });
    expect(contacts.layouts).toBeUndefined();
    expect(zoho.requests.some((r) => r.path.endsWith("/settings/layouts"))).toBe(false);
  });

  it("warns and types Stage as one list when the layouts cannot be read", async () => {
    zoho = await startMockGateway({ app: "bigin", org: BIGIN_ORG });
    const bigin = createBiginClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, retry: false });
    const client: MetadataClient = {
      org: bigin.org,
      settings: {
        modules: () => bigin.settings.modules(),
        fields: (module) => bigin.settings.fields(module),
        layouts: async () => {
          throw new Error("401 OAUTH_SCOPE_MISMATCH");
        },
      },
    };
    const warnings: string[] = [];
    const metadata = await fetchOrgMetadata(client, { app: "bigin", onWarning: (w) => warnings.push(w) });
    expect(metadata.layouts).toBeUndefined();
    expect(warnings).toEqual([
      "Reading the Team Pipelines (the Pipelines layouts) failed, so Stage is typed as every pipeline's stages together: 401 OAUTH_SCOPE_MISMATCH",
    ]);
    expect(generateOrgTypes(metadata)).not.toContain("teamPipelines");
  });
});

describe("snapshots saved before typegen read layouts", () => {
  it("load as before and generate the same file as before", async () => {
    const dir = join(scratch.dir, "old");
    await cp(BIGIN_ORG, dir, { recursive: true });
    await rm(join(dir, "layouts"), { recursive: true });
    // Older snapshots had neither layouts nor related lists.
    await rm(join(dir, "related_lists"), { recursive: true, force: true });
    const old = await loadSnapshot(dir, quiet);
    expect(old.layouts).toBeUndefined();
    const output = generateOrgTypes(old);
    expect(output).not.toContain("TeamPipelines");
    // The header's hash is the one typegen wrote before it read layouts (the committed sample said so).
    expect(output).toContain(
      "// metadata sha256: d503c4898d61edac0e051eaedda18ea7f662a11513c821514752fbd940ffe74f",
    );
  });

  it("leave out layouts files whose names are not module names, with a warning", async () => {
    const dir = join(scratch.dir, "odd");
    await cp(BIGIN_ORG, dir, { recursive: true });
    await cp(join(dir, "layouts", "Pipelines.json"), join(dir, "layouts", "__proto__.json"));
    const warnings: string[] = [];
    const loaded = await loadSnapshot(dir, { onWarning: (w) => warnings.push(w) });
    expect(Object.keys(loaded.layouts ?? {})).toEqual(["Pipelines"]);
    expect(warnings).toEqual([
      'layouts/__proto__.json is left out: "__proto__" is not a module API name (letters, digits and _, starting with a letter).',
    ]);
  });
});

describe("the generated Team Pipelines", () => {
  it("declare each pipeline's stages, and the client checks a Stage against its own pipeline", async () => {
    const output = generateOrgTypes(await loadSnapshot(BIGIN_ORG, quiet));
    expect(output).toContain("export interface PipelinesTeamPipelines {");
    expect(output).toContain("    teamPipelines: PipelinesTeamPipelines;");
    const probe = `import { createBiginClient, type PipelineIdNamed, type PipelineStage } from "@zohokit/bigin";
import type { Org } from "./bigin-org.js";
const bigin = createBiginClient<Org>({ apiKey: "mk_test_key_0123" });
const SALES: PipelineIdNamed<Org, "Sales Pipeline"> = "${SALES}";
const SHOWROOM = "${SHOWROOM}";
export async function writes(dynamicId: string) {
  await bigin.records.create("Pipelines", [{ Deal_Name: "ok", Pipeline: { id: SALES }, Stage: "Negotiation/Review" }]);
  await bigin.records.update("Pipelines", [{ id: "1", Pipeline: { id: SHOWROOM }, Stage: "Handover" }]);
  await bigin.records.create("Pipelines", [{ Deal_Name: "run time", Pipeline: { id: dynamicId }, Stage: "Handover" }]);
  const page = await bigin.records.list("Pipelines", { pipelineId: SHOWROOM, fields: ["Stage"] });
  const stage: PipelineStage<Org, typeof SHOWROOM> | null = page.data[0]!.Stage;
  return stage;
}
export async function mistakes() {
  await bigin.records.create("Pipelines", [{ Deal_Name: "x", Pipeline: { id: SALES }, Stage: "Handover" }]);
  await bigin.records.update("Pipelines", [{ id: "1", Pipeline: { id: SHOWROOM }, Stage: "Closed Won" }]);
  await bigin.records.create("Pipelines", [{ Deal_Name: "x", Pipeline: { id: SHOWROOM }, Stage: "Design", Sub_Pipeline: "Sales Pipeline Renewals" }]);
  const page = await bigin.records.list("Pipelines", { pipelineId: SALES, fields: ["Stage"] });
  const stage: PipelineStage<Org, typeof SHOWROOM> | null = page.data[0]!.Stage;
  return stage;
}
`;
    const errors = await typecheck(scratch.dir, { "bigin-org.ts": output, "probe.ts": probe });
    expect(errors).toHaveLength(4);
    expect(errors.every((e) => e.startsWith("probe.ts(1") || e.startsWith("probe.ts(2"))).toBe(true);
    expect(errors[0]).toContain(`Type '"Handover"' is not assignable to type`);
    expect(errors[0]).toContain('"Qualification"');
    expect(errors[1]).toContain(`Type '"Closed Won"' is not assignable to type`);
    expect(errors[2]).toContain(`Type '"Sales Pipeline Renewals"' is not assignable to type`);
  });

  it("are left out of CRM orgs, whose Org stays as it was", async () => {
    const crm = await loadSnapshot(CRM_ORG, quiet);
    const withLayouts: OrgMetadata = { ...crm, layouts: { Deals: [{ id: "1", name: "Standard" }] } };
    expect(generateOrgTypes(withLayouts)).toBe(generateOrgTypes(crm));
  });

  it("changes are named by --check", async () => {
    const before = await loadSnapshot(BIGIN_ORG, quiet);
    const after: OrgMetadata = JSON.parse(JSON.stringify(before));
    const layouts = after.layouts!.Pipelines as {
      id: string;
      name: string;
      display_label: string;
      sections: { fields: { api_name: string; pick_list_values: { actual_value: string }[] }[] }[];
    }[];
    const stage = layouts[1]!.sections[0]!.fields.find((f) => f.api_name === "Stage")!;
    stage.pick_list_values = stage.pick_list_values.filter((v) => v.actual_value !== "Cancelled");
    stage.pick_list_values.push({ ...stage.pick_list_values[0]!, actual_value: "On Hold" });
    layouts[0]!.display_label = "Sales";
    layouts.push({ ...layouts[1]!, id: "5725767000000091133", display_label: "Events" });
    expect(describeChanges(summarize(before), summarize(after))).toEqual([
      `Team Pipeline renamed: Sales Pipeline -> Sales (${SALES})`,
      'stages added to Team Pipeline Showroom Projects: "On Hold"',
      'stages removed from Team Pipeline Showroom Projects: "Cancelled"',
      "Team Pipeline added: Events (5725767000000091133), 6 stages",
    ]);
    const { pipelines: _, ...old } = summarize(before);
    expect(describeChanges(old, summarize(before))).toEqual([
      `Team Pipeline added: Sales Pipeline (${SALES}), 6 stages`,
      `Team Pipeline added: Showroom Projects (${SHOWROOM}), 6 stages`,
    ]);
  });
});
