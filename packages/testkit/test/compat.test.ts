/**
 * The old names over @zohokit/mock keep the old behaviour the package tests rely on: any bearer key, ascending
 * lists, Pipelines without pipeline_id, the same fault sequence for the same plan, a live records() view, and the
 * metadata server's request list; and, as the private fake answered no org, users or settings, neither do they.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  FAULT_KINDS,
  type FakeZoho,
  type FaultKind,
  type FaultPlan,
  type MetadataServer,
  startFakeZoho,
  startMetadataServer,
} from "../src/index.js";

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

async function fake(options: Parameters<typeof startFakeZoho>[0]): Promise<FakeZoho> {
  const server = await startFakeZoho(options);
  closers.push(server);
  return server;
}

const get = (url: string, key = "any-key-at-all") =>
  fetch(url, { headers: { Authorization: `Bearer ${key}` } });

/** The fault picker the private fake had, kept here as the reference its plans must still follow. */
function oldPicker(plan: FaultPlan): (n: number) => FaultKind | undefined {
  let state = plan.seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => {
    const hit = random();
    const pick = random();
    if (plan.firstN && n <= plan.firstN.count) return plan.firstN.kind;
    if (hit >= plan.rate || plan.kinds.length === 0) return undefined;
    return plan.kinds[Math.min(plan.kinds.length - 1, Math.floor(pick * plan.kinds.length))];
  };
}

describe("startFakeZoho over @zohokit/mock", () => {
  it("accepts any bearer key, lists ascending and lets Pipelines go without pipeline_id", async () => {
    const crm = await fake({ seedRecords: [{ module: "Leads", count: 3 }] });
    const answer = await get(`${crm.url}/crm/v8/Leads?fields=Email`);
    const body = (await answer.json()) as { data: { id: string }[]; info: { sort_order: string } };
    expect(body.info.sort_order).toBe("asc");
    expect(body.data.map((r) => r.id)).toEqual(crm.records("Leads").map((r) => r.id));
    expect((await get(`${crm.url}/crm/v8/Leads?fields=Email`, "")).status).toBe(401);
    const org = await get(`${crm.url}/crm/v8/org`);
    expect(org.status).toBe(401);
    expect(((await org.json()) as { code: string }).code).toBe("OAUTH_SCOPE_MISMATCH");

    const bigin = await fake({ app: "bigin", seedRecords: [{ module: "Pipelines", count: 1 }] });
    expect((await get(`${bigin.url}/bigin/v2/Pipelines?fields=Deal_Name`)).status).toBe(200);
    const strict = await fake({ app: "bigin", requirePipelineId: true, modules: { Pipelines: [] } });
    expect((await get(`${strict.url}/bigin/v2/Pipelines?fields=Deal_Name`)).status).toBe(400);
  });

  it("gives every plan the fault sequence the private fake gave it", async () => {
    const plans: FaultPlan[] = [
      { seed: 42, rate: 0.35, kinds: [...FAULT_KINDS].filter((k) => k !== "slow") },
      { seed: 8, rate: 0.2, kinds: ["429", "500", "reset-after"], firstN: { count: 2, kind: "503" } },
      { seed: 1, rate: 0, kinds: [], firstN: { count: 3, kind: "429" } },
    ];
    for (const plan of plans) {
      const server = await fake({ faults: plan, modules: { Leads: [] } });
      for (let i = 0; i < 40; i++)
        await get(`${server.url}/crm/v8/Leads?fields=Email`).catch(() => undefined);
      const expected = oldPicker(plan);
      expect(server.requests.map((r) => r.fault)).toEqual(server.requests.map((_, i) => expected(i + 1)));
    }
    expect(FAULT_KINDS).toHaveLength(11);
  });

  it("keeps records() live and expires tokens", async () => {
    const server = await fake({ seedRecords: [{ module: "Contacts", count: 5 }] });
    const view = server.records("Contacts");
    const ids = view.map((r) => r.id);
    await fetch(`${server.url}/crm/v8/Contacts?ids=${ids[0]}`, {
      method: "DELETE",
      headers: { Authorization: "Bearer k" },
    });
    expect(view).toHaveLength(4);
    const page = (await (await get(`${server.url}/crm/v8/Contacts?fields=Email&per_page=2`)).json()) as {
      info: { next_page_token: string };
    };
    server.expireAllTokens();
    const expired = await get(
      `${server.url}/crm/v8/Contacts?fields=Email&per_page=2&page_token=${page.info.next_page_token}`,
    );
    expect(((await expired.json()) as { code: string }).code).toBe("EXPIRED_VALUE");
    expect(server.stats()).toMatchObject({ requests: 3 });
  });
});

describe("startMetadataServer over @zohokit/mock", () => {
  it("serves the fixture as given, lists requests and takes a new fixture", async () => {
    const fixture = {
      app: "crm" as const,
      org: { id: "1", company_name: "Fixture" },
      modules: [{ api_name: "Leads", api_supported: true }],
      fields: { Leads: [{ api_name: "Last_Name", data_type: "text" }] as unknown[] },
    };
    const server: MetadataServer = await startMetadataServer(fixture);
    closers.push(server);
    const fields = await get(`${server.url}/crm/v8/settings/fields?module=Leads`);
    expect(await fields.json()).toEqual({ fields: fixture.fields.Leads });
    expect(server.requests).toEqual(["GET /crm/v8/settings/fields?module=Leads"]);
    server.setFixture({ ...fixture, fields: { Leads: "not an array" as never } });
    const broken = await get(`${server.url}/crm/v8/settings/fields?module=Leads`);
    expect(await broken.json()).toEqual({ fields: "not an array" });
    expect((await get(`${server.url}/crm/v8/settings/fields?module=Nope`)).status).toBe(400);
  });
});
