/**
 * Secrets under faults (issue 8): a gateway that echoes the Authorization and Maton-Connection headers into
 * every error it can, a proxy that quotes them in network errors, and 35% of requests faulted. Every error,
 * result and log line of every CRM operation is rendered every way a user might print it and searched for the
 * key and the connection id in any form.
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
import { type ApiError, createCrmClient, eq } from "../src/index.js";

const API_KEY = "mk_live_Secr3tKey_9fJ2kQ7xV4pL8sT1zR6wY3nB";
const CONNECTION = "5b0e6a2c-91d4-4f3e-a7c8-2d6b9e1f0a34";
const SECRETS = [API_KEY, CONNECTION];

let server: FakeZoho | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** Everything a user could see: console and stream output, warnings. */
function captureOutput() {
  const lines: string[] = [];
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => renderings(a).join("\n")).join(" "));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: never[]) => {
      lines.push(String(chunk));
      return write(chunk as string, ...rest);
    }) as typeof stream.write);
  }
  const onWarning = (warning: Error) => lines.push(renderings(warning).join("\n"));
  process.on("warning", onWarning);
  return {
    lines,
    stop: () => {
      process.off("warning", onWarning);
      vi.restoreAllMocks();
    },
  };
}

describe("no secret in any error, result or log, across a faulted run of every CRM operation", () => {
  it("the API key and the connection id never appear: plain, URL-encoded, base64 or in part", async () => {
    server = await startFakeZoho({
      seedRecords: [{ module: "Leads", count: 450 }],
      faults: { seed: 42, rate: 0.35, kinds: [...FAULT_KINDS] },
    });
    const fetch = echoingFetch({ throwEvery: 7 });
    const crm = createCrmClient({
      apiKey: API_KEY,
      connection: CONNECTION,
      baseUrl: server.url,
      fetch,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 200,
    });
    const ids = server.records("Leads").map((r) => r.id);
    const output = captureOutput();
    const outcomes: Array<{ operation: string; value: unknown }> = [];
    const run = async (operation: string, call: () => Promise<unknown>) => {
      const value = await call().then(
        (v) => v,
        (e: unknown) => e,
      );
      outcomes.push({ operation, value });
    };
    const collect = async (iterable: AsyncIterable<unknown>) => {
      const all: unknown[] = [];
      for await (const item of iterable) all.push(item);
      return all.length;
    };

    for (let round = 0; round < 3; round++) {
      const r = round * 20;
      await run("records.list", () => crm.records.list("Leads", { fields: ["Last_Name", "Email"] }));
      await run("records.list (bad module)", () => crm.records.list("Nope", { fields: ["Last_Name"] }));
      await run("records.iterate", () => collect(crm.records.iterate("Leads", { fields: ["Last_Name"] })));
      await run("records.get", () => crm.records.get("Leads", ids[r]!));
      await run("records.create", () =>
        crm.records.create("Leads", [
          { Last_Name: `Echo ${round}`, Email: `echo${round}@example.com` },
          { Email: `no-last-name-${round}@example.com` },
        ]),
      );
      await run("records.create (retryUnsafe)", () =>
        crm.records.create("Leads", [{ Last_Name: `Unsafe ${round}` }], { retryUnsafe: true }),
      );
      await run("records.update", () =>
        crm.records.update("Leads", [
          { id: ids[r + 1]!, Last_Name: "Updated" },
          { id: "1", Last_Name: "No such record" },
        ]),
      );
      await run("records.upsert", () =>
        crm.records.upsert("Leads", [{ Last_Name: "Upserted", Email: `seed${r + 3}@example.com` }], {
          duplicateCheckFields: ["Email"],
        }),
      );
      await run("records.delete", () => crm.records.delete("Leads", [ids[r + 2]!, "1"]));
      await run("records.search (criteria)", () =>
        crm.records.search("Leads", { criteria: eq("Last_Name", "Seed 5") }),
      );
      await run("records.search (email)", () => crm.records.search("Leads", { email: "seed7@example.com" }));
      await run("records.search (bad criteria)", () =>
        crm.records.search("Leads", { criteria: "(Last_Name:" }),
      );
      await run("records.searchAll", () => collect(crm.records.searchAll("Leads", { word: "Seed" })));
      await run("records.count", () => crm.records.count("Leads"));
      await run("org.get", () => crm.org.get());
      await run("users.list", () => crm.users.list());
      await run("users.get", () => crm.users.get("1"));
      await run("settings.modules", () => crm.settings.modules());
      await run("settings.module", () => crm.settings.module("Leads"));
      await run("settings.fields", () => crm.settings.fields("Leads"));
      await run("settings.layouts", () => crm.settings.layouts("Leads"));
      await run("settings.layout", () => crm.settings.layout("Leads", "1"));
      await run("settings.roles", () => crm.settings.roles());
      await run("settings.role", () => crm.settings.role("1"));
      await run("settings.profiles", () => crm.settings.profiles());
      await run("settings.profile", () => crm.settings.profile("1"));
      const lead = ids[r + 4]!;
      await run("related.list", () =>
        crm.related.list("Leads", lead, "Products", { fields: ["Product_Name"] }),
      );
      await run("related.iterate", () =>
        collect(crm.related.iterate("Leads", lead, "Products", { fields: ["Name"] })),
      );
      await run("related.link", () => crm.related.link("Leads", lead, "Products", [ids[r + 5]!]));
      await run("related.unlink", () => crm.related.unlink("Leads", lead, "Products", [ids[r + 5]!]));
      await run("notes.list", () => crm.notes.list("Leads", lead, { fields: ["Note_Content"] }));
      await run("notes.iterateAll", () => collect(crm.notes.iterateAll({ fields: ["Note_Content"] })));
      await run("notes.create", () => crm.notes.create("Leads", lead, [{ Note_Content: "echo" }]));
      await run("notes.update", () => crm.notes.update([{ id: ids[r + 6]!, Note_Content: "echo" }]));
      await run("notes.delete", () => crm.notes.delete([ids[r + 6]!]));
      await run("attachments.list", () => crm.attachments.list("Leads", lead));
      await run("attachments.upload", () =>
        crm.attachments.upload("Leads", lead, new Blob(["x"]), { fileName: "echo.txt" }),
      );
      await run("attachments.attachUrl", () =>
        crm.attachments.attachUrl("Leads", lead, "https://example.org"),
      );
      await run("attachments.download", async () => {
        const download = await crm.attachments.download("Leads", lead, ids[r + 7]!);
        return download ? new Response(download.body).text() : download;
      });
      await run("attachments.delete", () => crm.attachments.delete("Leads", lead, [ids[r + 7]!]));
      await run("tags.list", () => crm.tags.list("Leads"));
      await run("tags.add", () => crm.tags.add("Leads", [lead], ["Echo"]));
      await run("tags.remove", () => crm.tags.remove("Leads", [lead], ["Echo"]));
      await run("leads.convert", () =>
        crm.leads.convert(lead, { deal: { Deal_Name: "Echo", Stage: "Won" } }),
      );
      await run("records.deleted", () => collect(crm.records.deleted("Leads")));
      await run("records.changes", () =>
        collect(crm.records.changes("Leads", { fields: ["Last_Name"], since: new Date(0) })),
      );
      await run("settings.relatedLists", () => crm.settings.relatedLists("Leads"));
      await run("raw.GET", async () => {
        const { error, response } = await crm.raw.GET("/crm/v8/org");
        return { status: response.status, error };
      });
    }
    output.stop();

    const errors = outcomes.filter((o) => o.value instanceof Error);
    const batches = outcomes.filter(
      (o) => typeof o.value === "object" && o.value !== null && "failed" in (o.value as object),
    );
    const itemFailures = batches.flatMap((o) => (o.value as { failed: unknown[] }).failed);
    const texts = [...outcomes.flatMap((o) => renderings(o.value)), ...output.lines];
    // Each leak is labelled with the operation (or log line) it came from.
    const leaks = [
      ...outcomes.flatMap((o) =>
        renderings(o.value).flatMap((text) =>
          findLeaks(text, SECRETS).map((leak) => `${o.operation}: ${leak}`),
        ),
      ),
      ...output.lines.flatMap((line) => findLeaks(line, SECRETS).map((leak) => `log: ${leak}`)),
    ];
    expect(leaks).toEqual([]);

    // The run did put the secrets in front of the client, in every shape: the sweep had something to find.
    expect(fetch.stats.echoedBodies).toBeGreaterThan(20);
    expect(fetch.stats.thrown).toBeGreaterThan(5);
    expect(errors.length).toBeGreaterThan(20);
    expect(itemFailures.length).toBeGreaterThan(5);
    const redacted = texts.filter((text) => text.includes("[redacted]")).length;
    expect(redacted).toBeGreaterThan(10);
    expect(errors.some((o) => (o.value as ApiError).cause instanceof Error)).toBe(true);
    const kinds = new Set(errors.map((o) => (o.value as ApiError).code));
    console.log(
      `[reliability] secrets (CRM): ${outcomes.length} operations (${new Set(outcomes.map((o) => o.operation)).size} kinds), ` +
        `${server.requests.length} requests with ${Object.values(server.stats().faults).reduce((a, b) => a + b, 0)} faults, ` +
        `${fetch.stats.echoedBodies} answers echoing the credentials, ${fetch.stats.thrown} network errors quoting them; ` +
        `${errors.length} errors (${[...kinds].sort().join(", ")}), ${itemFailures.length} per-item failures, ` +
        `${output.lines.length} log lines; ${texts.length} renderings searched for ${SECRETS.length} secrets in every form: 0 leaks ` +
        `(${redacted} show [redacted])`,
    );
  });

  it("the sweep itself finds every form it looks for", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const samples = [
      `Authorization: Bearer ${API_KEY}`,
      encodeURIComponent(`key=${API_KEY}`),
      b64(`Bearer ${API_KEY}`),
      b64(`x${API_KEY}`),
      b64(`xx${API_KEY}`),
      Buffer.from(`conn=${CONNECTION}`).toString("base64url"),
      `…${API_KEY.slice(0, 16)}`,
      `${CONNECTION.slice(-15)}`,
    ];
    for (const sample of samples) expect(findLeaks(sample, SECRETS), sample).not.toEqual([]);
    expect(findLeaks("Bearer [redacted] for [redacted]", SECRETS)).toEqual([]);
  });
});
