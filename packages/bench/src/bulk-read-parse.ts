/**
 * Bulk read parsing (issue 18): `bulkRead` from @zohokit/crm/bulk over one job whose result is a ZIP of a
 * 200,000-row CSV (Zoho's format: quoted cells with commas, quotes and line breaks, lookups as ids), served from a
 * file by a loopback server. Measures records/s from the first byte of the download to the last record, and the
 * peak heap growth over the heap before the read (the ZIP and the CSV are never held whole: target ≤ 64 MB).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCrmClient } from "@zohokit/crm";
import { bulkRead } from "@zohokit/crm/bulk";
import { strToU8, Zip, ZipDeflate } from "fflate";

export const BULK_READ_ROWS = 200_000;
export const BULK_READ_HEAP_TARGET_MB = 64;

export interface BulkReadParseResult {
  rows: number;
  zipBytes: number;
  csvBytes: number;
  ms: number;
  recordsPerSecond: number;
  peakHeapGrowthMB: number;
  /** Heap growth left after the read and a full GC: what the read kept. */
  retainedMB: number;
}

const FIELDS = [
  { api_name: "Last_Name", data_type: "text" },
  { api_name: "Email", data_type: "email" },
  { api_name: "Owner", data_type: "ownerlookup" },
  { api_name: "Annual_Revenue", data_type: "currency" },
  { api_name: "No_of_Employees", data_type: "integer" },
  { api_name: "Email_Opt_Out", data_type: "boolean" },
  { api_name: "Created_Time", data_type: "datetime" },
  { api_name: "Description", data_type: "textarea" },
];

const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function csvRow(i: number): string {
  const id = String(5725767000001000000n + BigInt(i));
  const description = i % 5 === 0 ? `Met at "Expo ${i}", then called\nback; déjà vu ✓` : `Lead ${i}`;
  return [
    id,
    quote(`Name ${i}`),
    `lead${i}@example.com`,
    "5725767000000411001",
    String((i % 1000) * 1000.5),
    String(i % 500),
    i % 2 === 0 ? "true" : "false",
    "2026-01-01T00:00:01+00:00",
    quote(description),
  ].join(",");
}

/** Writes the ZIP by parts (fflate's streaming Zip), so making it holds no more than the bench reading it. */
function writeZip(path: string, rows: number): Promise<{ csvBytes: number }> {
  const out = createWriteStream(path);
  let csvBytes = 0;
  const finished = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) throw error;
    out.write(chunk);
    if (final) out.end();
  });
  const file = new ZipDeflate("7328395000000750001.csv", { level: 6 });
  zip.add(file);
  const header = `Id,${FIELDS.map((f) => f.api_name).join(",")}\r\n`;
  csvBytes += header.length;
  file.push(strToU8(header));
  for (let start = 0; start < rows; start += 1000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 1000); i++) lines.push(csvRow(i));
    const bytes = strToU8(`${lines.join("\r\n")}\r\n`);
    csvBytes += bytes.length;
    file.push(bytes, start + 1000 >= rows);
  }
  zip.end();
  return finished.then(() => ({ csvBytes }));
}

function serve(zipPath: string) {
  const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const job = { id: "7328395000000750001", operation: "read", created_time: "2026-01-01T00:00:00+00:00" };
  return createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/crm/v8/settings/fields") return json(res, 200, { fields: FIELDS });
    if (req.method === "POST" && url.pathname === "/crm/bulk/v8/read") {
      req.resume();
      return json(res, 201, {
        data: [{ status: "success", code: "ADDED_SUCCESSFULLY", details: { ...job, state: "ADDED" } }],
      });
    }
    if (url.pathname === `/crm/bulk/v8/read/${job.id}`) {
      return json(res, 200, {
        data: [
          {
            ...job,
            state: "COMPLETED",
            result: { page: 1, count: BULK_READ_ROWS, per_page: 200_000, more_records: false },
          },
        ],
      });
    }
    if (url.pathname === `/crm/bulk/v8/read/${job.id}/result`) {
      res.writeHead(200, { "Content-Type": "application/zip" });
      createReadStream(zipPath).pipe(res);
      return;
    }
    json(res, 404, { code: "INVALID_URL_PATTERN", details: {}, message: "no", status: "error" });
  });
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

export async function benchBulkReadParse(options: { rows?: number } = {}): Promise<BulkReadParseResult> {
  const rows = options.rows ?? BULK_READ_ROWS;
  const dir = await mkdtemp(join(tmpdir(), "zohokit-bulk-read-"));
  const zipPath = join(dir, "result.zip");
  const server = serve(zipPath);
  try {
    const { csvBytes } = await writeZip(zipPath, rows);
    const zipBytes = (await stat(zipPath)).size;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const crm = createCrmClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: "k_bench_bulk_read" });
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    let firstAt = 0;
    for await (const record of bulkRead(crm, "Leads", {
      fields: FIELDS.map((f) => f.api_name),
      pollIntervalMs: 1,
    })) {
      if (count === 0) firstAt = performance.now();
      count++;
      if (record.id === undefined) throw new Error("a record without id");
      if (count % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - firstAt;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (count !== rows) throw new Error(`bulk read gave ${count} records of ${rows}`);
    gc();
    const retainedMB = (process.memoryUsage().heapUsed - before) / 1e6;
    return {
      rows,
      zipBytes,
      csvBytes,
      ms,
      recordsPerSecond: (count / ms) * 1000,
      peakHeapGrowthMB: (peak - before) / 1e6,
      retainedMB,
    };
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
