import { readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSpec, listenOnLoopback, startPrism } from "@zohokit/testkit";
import { parse, stringify } from "yaml";

const root = fileURLToPath(new URL("../", import.meta.url));
const PREFIX = "/crm/v8";
/** Small pages, so the demo shows paging. */
export const DEMO_PAGE_SIZE = 2;

type Json = Record<string, unknown>;
type Examples = Record<string, { summary?: string; value: unknown }>;

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(join(root, path), "utf8")) as Json;
}

function setExamples(spec: Json, path: string, method: string, status: string, examples: Examples): void {
  const operation = (spec.paths as Json)[path] as Json;
  const response = ((operation[method] as Json).responses as Json)[status] as Json;
  const media = (response.content as Json)["application/json"] as Json;
  media.examples = examples;
  delete media.example;
}

function writeResults(count: number, message: string): Json {
  return {
    data: Array.from({ length: count }, (_, i) => ({
      code: "SUCCESS",
      status: "success",
      message,
      details: {
        id: String(4876543000000900001n + BigInt(i)),
        Created_Time: "2026-05-20T10:00:00+01:00",
        Modified_Time: "2026-05-20T10:00:00+01:00",
        Created_By: { name: "Avery Clarke", id: "4876543000000045001" },
        Modified_By: { name: "Avery Clarke", id: "4876543000000045001" },
      },
    })),
  };
}

/**
 * The CRM spec with the sample org's data as its examples: named per module (and per page), so a router in front
 * of Prism can ask for the right one with `Prefer: example=<name>`.
 */
export async function sampleOrgSpec(): Promise<Json> {
  const spec = parse(await readFile(bundledSpec("zoho-crm.v8"), "utf8")) as Json;
  const modules = (await readJson("metadata/modules.json")).modules as Json[];
  const fieldFiles = (await readdir(join(root, "metadata/fields"))).filter((f) => f.endsWith(".json"));
  const fields: Examples = {};
  const pages: Examples = {};
  const searches: Examples = {};
  const counts: Examples = {};
  for (const file of fieldFiles) {
    const module = file.replace(/\.json$/, "");
    fields[`fields-${module}`] = { value: await readJson(`metadata/fields/${file}`) };
    const records = ((await readJson(`records/${file}`)).data as Json[]) ?? [];
    const pageCount = Math.max(1, Math.ceil(records.length / DEMO_PAGE_SIZE));
    for (let page = 1; page <= pageCount; page++) {
      const data = records.slice((page - 1) * DEMO_PAGE_SIZE, page * DEMO_PAGE_SIZE);
      pages[`${module}-page-${page}`] = {
        value: {
          data,
          info: {
            per_page: DEMO_PAGE_SIZE,
            count: data.length,
            page,
            more_records: page < pageCount,
            sort_by: "id",
            sort_order: "asc",
          },
        },
      };
    }
    const found = records.slice(0, 2);
    searches[`${module}-search`] = {
      value: { data: found, info: { per_page: 200, count: found.length, page: 1, more_records: false } },
    };
    counts[`${module}-count`] = { value: { count: records.length } };
  }
  const org = (await readJson("metadata/org.json")) as Json;
  setExamples(spec, `${PREFIX}/org`, "get", "200", { org: { value: org } });
  setExamples(spec, `${PREFIX}/settings/modules`, "get", "200", { modules: { value: { modules } } });
  setExamples(spec, `${PREFIX}/settings/fields`, "get", "200", fields);
  setExamples(spec, `${PREFIX}/{module_api_name}`, "get", "200", pages);
  setExamples(spec, `${PREFIX}/{module_api_name}/search`, "get", "200", searches);
  setExamples(spec, `${PREFIX}/{module_api_name}/actions/count`, "get", "200", counts);
  const created: Examples = {};
  for (const n of [1, 50, 100]) created[`created-${n}`] = { value: writeResults(n, "record added") };
  setExamples(spec, `${PREFIX}/{module_api_name}`, "post", "201", created);
  return spec;
}

/** Which named example answers a request, or undefined for the operation's default. */
export function exampleFor(method: string, url: URL, body: string): string | undefined {
  const path = url.pathname.slice(PREFIX.length);
  if (path === "/settings/fields") return `fields-${url.searchParams.get("module")}`;
  const search = /^\/([A-Za-z0-9_]+)\/search$/.exec(path);
  if (search) return `${search[1]}-search`;
  const count = /^\/([A-Za-z0-9_]+)\/actions\/count$/.exec(path);
  if (count) return `${count[1]}-count`;
  const module = /^\/([A-Za-z0-9_]+)$/.exec(path)?.[1];
  if (!module || ["org", "users"].includes(module)) return undefined;
  if (method === "GET") return `${module}-page-${url.searchParams.get("page") ?? "1"}`;
  if (method === "POST") {
    const items = (JSON.parse(body || "{}") as { data?: unknown[] }).data?.length ?? 1;
    return `created-${items}`;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export interface SampleGateway {
  url: string;
  /** Requests the gateway received, by method and path. */
  requests: string[];
  stop(): Promise<void>;
}

/** Prism serving the sample org, behind a loopback router that picks each answer's named example. */
export async function startSampleGateway(): Promise<SampleGateway> {
  const specPath = join(tmpdir(), `zohokit-sample-org-${process.pid}.yaml`);
  await writeFile(specPath, stringify(await sampleOrgSpec(), { lineWidth: 0 }));
  const prism = await startPrism(specPath);
  const requests: string[] = [];
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", prism.url);
    const body = await readBody(req);
    requests.push(`${req.method} ${url.pathname}`);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(key, value);
    headers.delete("host");
    const example = exampleFor(req.method ?? "GET", url, body);
    if (example) headers.set("Prefer", `example=${example}`);
    const init: RequestInit = { method: req.method ?? "GET", headers };
    if (body) init.body = body;
    const answer = await fetch(url, init);
    const text = await answer.text();
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (key !== "content-length" && key !== "transfer-encoding" && key !== "connection") out[key] = value;
    });
    res.writeHead(answer.status, out).end(text);
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  return {
    url: await listenOnLoopback(server),
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await prism.stop();
    },
  };
}
