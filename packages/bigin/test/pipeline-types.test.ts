/**
 * Stages per Team Pipeline at compile time: with an Org in the shape typegen writes (Pipelines' `teamPipelines`),
 * a Pipelines input's Stage is checked against the pipeline its `Pipeline.id` names, and records listed with a
 * pipelineId carry that pipeline's stages. Run by `typecheck` under TS 5.9 and TS 7.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type BiginClient,
  createBiginClient,
  type PipelineId,
  type PipelineIdNamed,
  type PipelineStage,
} from "../src/index.js";

type ZkPicklist<S extends string, Values = never> = S extends `${infer Value}|${infer Rest}`
  ? ZkPicklist<Rest, Values | Value>
  : Values | S;
type SalesStage = ZkPicklist<"Qualification|Negotiation/Review|Closed Won">;
type ShowroomStage = ZkPicklist<"Site Survey|Design|Handover">;
type AnyStage = SalesStage | ShowroomStage;
type SubPipeline = ZkPicklist<"Sales Pipeline Standard|Showroom Projects Standard">;

const SALES = "5725767000000091101";
const SHOWROOM = "5725767000000091117";

/** A hand-written org in the shape `zohokit typegen --app bigin` writes when it read the Pipelines layouts. */
interface PipelinesFields {
  Deal_Name: string;
  Stage: AnyStage;
  Sub_Pipeline: SubPipeline;
  Pipeline: { id: string; name?: string | null };
  Amount: number;
}
interface TestOrg {
  Pipelines: {
    fields: PipelinesFields;
    record: { [K in keyof PipelinesFields]: PipelinesFields[K] | null } & { id: string };
    create: {
      Deal_Name: string;
      Stage: AnyStage;
      Sub_Pipeline?: SubPipeline | null;
      Pipeline?: { id: string } | null;
      Amount?: number | null;
    };
    update: {
      id: string;
      Deal_Name?: string | null;
      Stage?: AnyStage | null;
      Sub_Pipeline?: SubPipeline | null;
      Pipeline?: { id: string } | null;
      Amount?: number | null;
    };
    criteria: { equals?: "Deal_Name" | "Stage" };
    teamPipelines: {
      "5725767000000091101": {
        name: "Sales Pipeline";
        stage: SalesStage;
        subPipeline: "Sales Pipeline Standard";
      };
      "5725767000000091117": {
        name: "Showroom Projects";
        stage: ShowroomStage;
        subPipeline: "Showroom Projects Standard";
      };
    };
  };
  Contacts: {
    fields: { Last_Name: string };
    record: { id: string; Last_Name: string | null };
    create: { Last_Name: string };
    update: { id: string; Last_Name?: string | null };
    criteria: { equals?: "Last_Name" };
  };
}
/** The same org generated from a snapshot without layouts: one Stage for every pipeline. */
type OrgWithoutLayouts = {
  [M in keyof TestOrg]: Omit<TestOrg[M], "teamPipelines">;
};

function cannedFetch(body: unknown) {
  return async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}
const created = {
  data: [{ code: "SUCCESS", details: { id: "1" }, message: "record added", status: "success" }],
};
const page = { data: [{ id: "1", Deal_Name: "D", Stage: "Qualification" }], info: { more_records: false } };

function client(body: unknown = created): BiginClient<TestOrg> {
  return createBiginClient<TestOrg>({ apiKey: "mk_types_0123456", fetch: cannedFetch(body) });
}

describe("Team Pipeline types", () => {
  it("names each pipeline's id and stages", () => {
    expectTypeOf<PipelineId<TestOrg>>().toEqualTypeOf<typeof SALES | typeof SHOWROOM>();
    expectTypeOf<PipelineIdNamed<TestOrg, "Showroom Projects">>().toEqualTypeOf<typeof SHOWROOM>();
    expectTypeOf<PipelineStage<TestOrg, typeof SALES>>().toEqualTypeOf<
      "Qualification" | "Negotiation/Review" | "Closed Won"
    >();
    expectTypeOf<PipelineId<OrgWithoutLayouts>>().toBeNever();
  });

  it("types the stages pipelines.list() reads as the Org's", async () => {
    const layouts = { layouts: [{ id: SALES, name: "Sales Pipeline", sections: [] }] };
    const pipelines = await client(layouts).pipelines.list();
    expectTypeOf(pipelines[0]!.stages).toEqualTypeOf<AnyStage[]>();
    expectTypeOf(pipelines[0]!.id).toEqualTypeOf<string>();
    const loose = createBiginClient({ apiKey: "mk_types_0123456", fetch: cannedFetch(layouts) });
    expectTypeOf((await loose.pipelines.list())[0]!.stages).toEqualTypeOf<string[]>();
    expect(pipelines[0]?.stages).toEqual([]);
  });

  it("checks a create's Stage against the pipeline it names", async () => {
    const bigin = client();
    await bigin.records.create("Pipelines", [
      { Deal_Name: "A", Pipeline: { id: SALES }, Stage: "Closed Won" },
    ]);
    await bigin.records.create("Pipelines", [
      // @ts-expect-error a stage of the Showroom Projects pipeline, in the Sales Pipeline
      { Deal_Name: "A", Pipeline: { id: SALES }, Stage: "Design" },
    ]);
    await bigin.records.create("Pipelines", [
      {
        Deal_Name: "A",
        Pipeline: { id: SHOWROOM },
        Stage: "Design",
        // @ts-expect-error a sub-pipeline of another pipeline
        Sub_Pipeline: "Sales Pipeline Standard",
      },
    ]);
    // @ts-expect-error not a stage of any pipeline
    await bigin.records.create("Pipelines", [{ Deal_Name: "A", Stage: "Lost" }]);
    await bigin.records.create("Pipelines", [
      // @ts-expect-error still a typed input: an unknown field
      { Deal_Name: "A", Pipeline: { id: SALES }, Stage: "Closed Won", Nope: 1 },
    ]);
    // @ts-expect-error still a typed input: Deal_Name is required
    await bigin.records.create("Pipelines", [{ Pipeline: { id: SALES }, Stage: "Closed Won" }]);
    await bigin.records.create("Contacts", [{ Last_Name: "Raman" }]);
    expect(true).toBe(true);
  });

  it("accepts any pipeline's stage where the pipeline is known only at run time", async () => {
    const bigin = client();
    const pipelineId: string = SALES;
    await bigin.records.create("Pipelines", [
      { Deal_Name: "A", Pipeline: { id: pipelineId }, Stage: "Design" },
    ]);
    await bigin.records.create("Pipelines", [{ Deal_Name: "A", Stage: "Design" }]);
    // A batch across pipelines takes the stages of each.
    await bigin.records.create("Pipelines", [
      { Deal_Name: "A", Pipeline: { id: SALES }, Stage: "Closed Won" },
      { Deal_Name: "B", Pipeline: { id: SHOWROOM }, Stage: "Design" },
    ]);
    const orgWithoutLayouts = createBiginClient<OrgWithoutLayouts>({
      apiKey: "mk_types_0123456",
      fetch: cannedFetch(created),
    });
    await orgWithoutLayouts.records.create("Pipelines", [
      { Deal_Name: "A", Pipeline: { id: SALES }, Stage: "Design" },
    ]);
    expect(true).toBe(true);
  });

  it("checks a stage move within its pipeline (update and upsert)", async () => {
    const bigin = client();
    await bigin.records.update("Pipelines", [
      { id: "1", Pipeline: { id: SALES }, Stage: "Negotiation/Review" },
    ]);
    // @ts-expect-error moving a Sales Pipeline deal to a Showroom Projects stage
    await bigin.records.update("Pipelines", [{ id: "1", Pipeline: { id: SALES }, Stage: "Handover" }]);
    await bigin.records.upsert("Pipelines", [
      { Deal_Name: "A", Pipeline: { id: SHOWROOM }, Stage: "Handover" },
    ]);
    await bigin.records.upsert("Pipelines", [
      // @ts-expect-error an upsert too
      { Deal_Name: "A", Pipeline: { id: SHOWROOM }, Stage: "Closed Won" },
    ]);
    const noId = () =>
      // @ts-expect-error an update still needs its id
      bigin.records.update("Pipelines", [{ Pipeline: { id: SALES }, Stage: "Closed Won" }]);
    await expect(noId()).rejects.toThrow(/id must be a Zoho id/);
    expect(true).toBe(true);
  });

  it("types the Stage of records listed from one pipeline as that pipeline's", async () => {
    const bigin = client(page);
    const sales = await bigin.records.list("Pipelines", {
      pipelineId: SALES,
      fields: ["Deal_Name", "Stage"],
    });
    expectTypeOf(sales.data[0]!.Stage).toEqualTypeOf<
      "Qualification" | "Negotiation/Review" | "Closed Won" | null
    >();
    expectTypeOf(sales.data[0]!.Deal_Name).toEqualTypeOf<string | null>();
    for await (const deal of bigin.records.iterate("Pipelines", {
      pipelineId: SHOWROOM,
      fields: ["Stage"],
    })) {
      expectTypeOf(deal.Stage).toEqualTypeOf<"Site Survey" | "Design" | "Handover" | null>();
    }
    const pipelineId: string = SALES;
    const any = await bigin.records.list("Pipelines", { pipelineId, fields: ["Stage"] });
    expectTypeOf(any.data[0]!.Stage).toEqualTypeOf<AnyStage | null>();
    // @ts-expect-error Pipelines lists need pipelineId
    await bigin.records.list("Pipelines", { fields: ["Stage"] }).catch(() => undefined);
    const contacts = await bigin.records.list("Contacts", { fields: ["Last_Name"] });
    expectTypeOf(contacts.data[0]!).toEqualTypeOf<{ id: string; Last_Name: string | null }>();
    expect(sales.data[0]?.Stage).toBe("Qualification");
  });
});
