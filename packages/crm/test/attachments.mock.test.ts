/**
 * crm.attachments against @zohokit/mock: uploads of any file name (a Blob, a File or a stream), links, downloads
 * streamed past maxResponseBytes, the size limit before sending, and an uncertain upload never sent twice.
 */
import { fileURLToPath } from "node:url";
import { type MockGateway, startMockGateway } from "@zohokit/mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ApiError,
  CRM_MAX_ATTACHMENT_BYTES,
  type CrmClient,
  createCrmClient,
  ZohoKitError,
} from "../src/index.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));
const HOSTILE_NAME = 'offer "v2" (final)\r\n; filename=evil.sh ü 日本 🙂 100%.pdf';

let zoho: MockGateway;
let crm: CrmClient;
let lead: string;
beforeAll(async () => {
  zoho = await startMockGateway({ app: "crm", org: SAMPLE_ORG });
  crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey, maxResponseBytes: 1024 * 1024 });
  [{ id: lead }] = zoho.store.add("Leads", [{ Last_Name: "Attached" }]) as [{ id: string }];
});
afterAll(() => zoho.close());
afterEach(() => zoho.faults.clear());

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const uploads = () => zoho.requests.filter((r) => r.method === "POST" && /\/Attachments$/.test(r.path));

describe("crm.attachments against the mock", () => {
  it("uploads a File under any name and downloads the same bytes and name", async () => {
    const file = new File(["%PDF-1.4 ", new Uint8Array([0, 255, 10, 13])], HOSTILE_NAME, {
      type: "application/pdf",
    });
    const created = await crm.attachments.upload("Leads", lead, file);
    expect(created.id).toMatch(/^\d+$/);
    const download = await crm.attachments.download("Leads", lead, created.id);
    expect(download?.fileName).toBe(HOSTILE_NAME);
    expect(download?.contentType).toBe("application/pdf");
    expect(await bytesOf(download!.body)).toEqual(Buffer.from(await file.arrayBuffer()));
  });

  it("uploads a stream under the given name", async () => {
    const parts = ["first part, ", "second part"];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const created = await crm.attachments.upload("Leads", lead, stream, { fileName: "notes.txt" });
    const download = await crm.attachments.download("Leads", lead, created.id);
    expect((await bytesOf(download!.body)).toString()).toBe("first part, second part");
  });

  it("streams a download larger than maxResponseBytes, chunk by chunk", async () => {
    const size = 3 * 1024 * 1024;
    const created = await crm.attachments.upload("Leads", lead, new Blob([new Uint8Array(size).fill(7)]), {
      fileName: "big.bin",
    });
    const download = await crm.attachments.download("Leads", lead, created.id);
    expect(download?.size).toBe(size);
    let read = 0;
    let chunks = 0;
    for await (const chunk of download!.body as unknown as AsyncIterable<Uint8Array>) {
      read += chunk.byteLength;
      chunks++;
    }
    expect(read).toBe(size);
    expect(chunks).toBeGreaterThan(1);
  });

  it("attaches a link, lists it, and has nothing to download for it", async () => {
    const link = await crm.attachments.attachUrl("Leads", lead, "https://example.org/pricing", {
      title: "Pricing",
    });
    const page = await crm.attachments.list("Leads", lead);
    const listed = page.data.find((a) => a.id === link.id);
    expect(listed).toMatchObject({ File_Name: "Pricing", $link_url: "https://example.org/pricing" });
    expect(await crm.attachments.download("Leads", lead, link.id)).toBeNull();
    const all = [];
    for await (const attachment of crm.attachments.iterate("Leads", lead, { perPage: 1 }))
      all.push(attachment.id);
    expect(all).toHaveLength(page.data.length);
  });

  it("deletes attachments by id, one result each", async () => {
    const { data } = await crm.attachments.list("Leads", lead);
    const result = await crm.attachments.delete("Leads", lead, [data[0]!.id, "5725767999999999999"]);
    expect(result.succeeded).toMatchObject([{ index: 0, id: data[0]!.id }]);
    expect(result.failed).toMatchObject([{ index: 1, code: "INVALID_DATA" }]);
  });

  it("refuses a file over Zoho's limit before sending it: a Blob by its size, a stream once it passes it", async () => {
    const before = uploads().length;
    class Huge extends Blob {
      override get size() {
        return CRM_MAX_ATTACHMENT_BYTES + 1;
      }
    }
    await expect(
      crm.attachments.upload("Leads", lead, new Huge(["x"]), { fileName: "huge.iso" }),
    ).rejects.toThrow(/over the 100 MB Zoho allows per attachment.*nothing was sent/);
    const chunk = new Uint8Array(8 * 1024 * 1024);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await crm.attachments
      .upload("Leads", lead, endless, { fileName: "endless.bin" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ZohoKitError);
    expect(cancelled).toBe(true);
    expect(pulled * chunk.byteLength).toBeLessThanOrEqual(CRM_MAX_ATTACHMENT_BYTES + 2 * chunk.byteLength);
    expect(uploads().length).toBe(before);
  });

  it("reports Zoho's own 413 as FILE_TOO_LARGE", async () => {
    const tight = await startMockGateway({ app: "crm", attachmentLimitBytes: 8 });
    try {
      const [record] = tight.store.add("Leads", [{ Last_Name: "Tight" }]);
      const client = createCrmClient({ baseUrl: tight.url, apiKey: tight.apiKey });
      const error = await client.attachments
        .upload("Leads", record!.id, new Blob(["more than eight bytes"]), { fileName: "a.txt" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status: 413,
        code: "FILE_TOO_LARGE",
        details: { serverCode: "FILE_TOO_LARGE" },
      });
      expect((error as ApiError).message).toContain("split or compress");
    } finally {
      await tight.close();
    }
  });

  it.each(["reset-after", "500"] as const)(
    "never sends an upload again after a %s: it is AMBIGUOUS",
    async (fault) => {
      const before = uploads().length;
      zoho.faults.next(fault, { match: "POST /Leads/*/Attachments" });
      const error = await crm.attachments
        .upload("Leads", lead, new Blob(["once"]), { fileName: "once.txt" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "AMBIGUOUS" });
      expect(uploads().length - before).toBe(1);
    },
  );

  it("refuses bad input before any request", async () => {
    const before = zoho.requests.length;
    const blob = new Blob(["x"]);
    const attempts = [
      () => crm.attachments.upload("Leads", lead, blob),
      () => crm.attachments.upload("Leads", lead, blob, { fileName: " " }),
      () => crm.attachments.upload("Leads", lead, blob, { fileName: "setup.EXE" }),
      () => crm.attachments.upload("Leads", lead, blob, { fileName: "bad\uD800.txt" }),
      () => crm.attachments.upload("Leads", lead, "text" as unknown as Blob, { fileName: "a.txt" }),
      () => crm.attachments.attachUrl("Leads", lead, "javascript:alert(1)"),
      () => crm.attachments.attachUrl("Leads", lead, "not a url"),
      () => crm.attachments.download("Leads", lead, "abc"),
      () => crm.attachments.delete("Leads", lead, []),
      () => crm.attachments.list("Leads", lead, { fields: ["Bad Field"] }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ZohoKitError);
    expect(zoho.requests.length).toBe(before);
  });
});
