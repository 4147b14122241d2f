import { gt } from "@zohokit/core";
import { type FakeZoho, type FakeZohoOptions, startFakeZoho } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, type BiginClient, createBiginClient, eq, ZohoKitError } from "../src/index.js";

const API_KEY = "mk_bigin_server_secret_42";
let server: FakeZoho | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeZohoOptions) {
  server = await startFakeZoho({ app: "bigin", ...options });
  const bigin = createBiginClient({
    apiKey: API_KEY,
    baseUrl: server.url,
    retry: { retries: 2, baseDelayMs: 1 },
  });
  return { server, bigin };
}

function deals(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: String(2034020000000600000n + BigInt(i)),
    Deal_Name: `Deal ${i}`,
    Stage: "Qualification",
    Pipeline: { name: "Sales Pipeline", id: "2034020000000000173" },
  }));
}

describe("Bigin behaviour against an in-process server", () => {
  it("pages Pipelines records with pipeline_id on every request, past 2,000 with page tokens", async () => {
    const { server, bigin } = await setup({ requirePipelineId: true, modules: { Pipelines: deals(2100) } });
    let n = 0;
    for await (const _ of bigin.records.iterate("Pipelines", {
      fields: ["Deal_Name"],
      pipelineId: "2034020000000000173",
    }))
      n++;
    expect(n).toBe(2100);
    expect(server.requests).toHaveLength(11);
    for (const request of server.requests) {
      expect(request.path).toBe("/bigin/v2/Pipelines");
      expect(request.query.pipeline_id).toBe("2034020000000000173");
    }
    expect(server.requests[10]?.query.page_token).toBeTruthy();
  });

  it("refuses a Pipelines list without pipelineId before any request", async () => {
    const { server, bigin } = await setup({ requirePipelineId: true, modules: { Pipelines: deals(1) } });
    const call = () => bigin.records.list("Pipelines", { fields: ["Deal_Name"] } as never);
    await expect(call()).rejects.toThrow(/pipelineId/);
    expect(server.requests).toHaveLength(0);
  });

  it("creates 250 contacts as 3 requests with every index reported", async () => {
    const { server, bigin } = await setup({ modules: { Contacts: [] } });
    const inputs = Array.from({ length: 250 }, (_, i) => ({ Last_Name: `Contact ${i}` }));
    inputs[120] = { Email: "missing-last-name@example.com" } as never;
    const result = await bigin.records.create("Contacts", inputs);
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(3);
    expect(result.succeeded).toHaveLength(249);
    expect(result.failed).toMatchObject([{ index: 120, code: "MANDATORY_NOT_FOUND" }]);
  });

  it("returns an empty page when a search answers 204", async () => {
    const { bigin } = await setup({ modules: { Contacts: [{ id: "1", Last_Name: "Raman" }] } });
    expect((await bigin.records.search("Contacts", { criteria: eq("Last_Name", "Nobody") })).data).toEqual(
      [],
    );
  });

  it("refuses criteria operators Bigin does not support, before any request", async () => {
    const { server, bigin } = await setup({ modules: { Contacts: [] } });
    await expect(bigin.records.search("Contacts", { criteria: gt("Amount", 5) })).rejects.toThrow(
      /only the equals and starts_with/,
    );
    await expect(bigin.records.count("Contacts", { criteria: "(Amount:greater_than:5)" })).rejects.toThrow(
      ZohoKitError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("the OAuth scope error", () => {
  const scopeMismatch = async () =>
    new Response(
      JSON.stringify({
        code: "OAUTH_SCOPE_MISMATCH",
        details: {},
        message: "invalid oauth scope to access this URL",
        status: "error",
      }),
      {
        status: 401,
        headers: { "content-type": "application/json" },
      },
    );

  it("names the module, the scope and that Maton support grants it", async () => {
    const bigin = createBiginClient({ apiKey: API_KEY, fetch: scopeMismatch });
    for (const [module, scope] of [
      ["Tasks", "ZohoBigin.modules.tasks.ALL"],
      ["Events", "ZohoBigin.modules.events.ALL"],
      ["Calls", "ZohoBigin.modules.calls.ALL"],
      ["Notes", "ZohoBigin.modules.notes.ALL"],
    ] as const) {
      const error = (await bigin.records
        .list(module, { fields: ["Subject"] })
        .catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe("OAUTH_SCOPE_MISMATCH");
      expect(error.message).toContain(`gives the ${module} module only with the ${scope} OAuth scope`);
      expect(error.message).toContain(
        "Maton grants extra scopes through its support: write to support@maton.ai",
      );
      expect(error.message).not.toContain("connections.create");
    }
    const contacts = (await bigin.records
      .list("Contacts", { fields: ["Last_Name"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(contacts.message).not.toContain("ZohoBigin.modules");
  });

  it("names the notes or attachments scope for those of a record", async () => {
    const bigin = createBiginClient({ apiKey: API_KEY, fetch: scopeMismatch });
    const path = { module_api_name: "Contacts", record_id: "5725767000000412055" };
    const notes = (await bigin
      .unwrap(
        bigin.raw.GET("/bigin/v2/{module_api_name}/{record_id}/Notes", {
          params: { path, query: { fields: "Note_Title" } },
        }),
      )
      .catch((e: unknown) => e)) as ApiError;
    expect(notes.message).toContain(
      "gives Notes of Contacts records only with the ZohoBigin.modules.notes.ALL OAuth scope,",
    );
    expect(notes.message).toContain("support@maton.ai");
    const attachments = (await bigin
      .unwrap(
        bigin.raw.GET("/bigin/v2/{module_api_name}/{record_id}/Attachments/{attachment_id}", {
          params: { path: { ...path, module_api_name: "Tasks", attachment_id: "5725767000000999001" } },
          parseAs: "stream",
        }),
      )
      .catch((e: unknown) => e)) as ApiError;
    expect(attachments.message).toContain(
      "gives the Tasks module and Attachments of Tasks records only with the ZohoBigin.modules.tasks.ALL and ZohoBigin.modules.attachments.ALL OAuth scopes",
    );
  });

  it("is not given for other 401s", async () => {
    const fetch = async () =>
      new Response(
        JSON.stringify({
          code: "INVALID_TOKEN",
          details: {},
          message: "invalid oauth token",
          status: "error",
        }),
        {
          status: 401,
          headers: { "content-type": "application/json" },
        },
      );
    const bigin = createBiginClient({ apiKey: API_KEY, fetch });
    const error = (await bigin.records
      .list("Tasks", { fields: ["Subject"] })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("INVALID_TOKEN");
    expect(error.message).not.toContain("ZohoBigin.modules");
  });
});

describe("types", () => {
  it("requires pipelineId on Pipelines lists only, at compile time and at run time", async () => {
    const page = { data: [{ id: "1", Deal_Name: "D" }], info: { more_records: false } };
    const fetch = async () =>
      new Response(JSON.stringify(page), { headers: { "content-type": "application/json" } });
    const bigin: BiginClient = createBiginClient({ apiKey: API_KEY, fetch });
    await expect(
      bigin.records.list("Pipelines", { fields: ["Deal_Name"], pipelineId: "1" }),
    ).resolves.toEqual(page);
    await expect(bigin.records.list("Contacts", { fields: ["Last_Name"] })).resolves.toEqual(page);
    // @ts-expect-error Pipelines lists need pipelineId
    await expect(bigin.records.list("Pipelines", { fields: ["Deal_Name"] })).rejects.toThrow(/pipelineId/);
    // @ts-expect-error iterate too
    expect(() => bigin.records.iterate("Pipelines", { fields: ["Deal_Name"] })).toThrow(/pipelineId/);
  });
});
