import { readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSpec, listenOnLoopback, startPrism } from "@zohokit/testkit";
import { parse, stringify } from "yaml";
import { SAMPLE_SINCE } from "../src/sample.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const PREFIX = "/crm/v8";
/** Small pages, so the demo shows paging. */
export const DEMO_PAGE_SIZE = 2;

type Json = Record<string, unknown>;
type Examples = Record<string, { summary?: string; value: unknown }>;

async function readJson(path: string): Promise<Json> {
  return JSON.parse(await readFile(join(root, path), "utf8")) as Json;
}

const listInfo = (count: number) => ({ per_page: 200, count, page: 1, more_records: false });
const modified = (record: Json) => Date.parse(String(record.Modified_Time));

/** Whether a record looks up the record of `id` (Contacts' Account_Name, say): it is in that record's related list. */
const looksUp = (record: Json, id: string) =>
  Object.entries(record).some(
    ([key, value]) =>
      key !== "Owner" && typeof value === "object" && value !== null && (value as Json).id === id,
  );

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
    const changed = records
      .filter((r) => modified(r) > Date.parse(SAMPLE_SINCE))
      .sort((a, b) => modified(a) - modified(b));
    if (changed.length > 0)
      pages[`${module}-changes`] = { value: { data: changed, info: listInfo(changed.length) } };
  }
  const related = await relatedExamples(fieldFiles.map((f) => f.replace(/\.json$/, "")));
  const deletedByModule = (await readJson("records/deleted.json")) as Record<string, Json[]>;
  const deleted: Examples = {};
  for (const [module, records] of Object.entries(deletedByModule)) {
    deleted[`${module}-deleted`] = { value: { data: records, info: listInfo(records.length) } };
    const since = records.filter((r) => Date.parse(String(r.deleted_time)) > Date.parse(SAMPLE_SINCE));
    deleted[`${module}-deleted-since`] = { value: { data: since, info: listInfo(since.length) } };
  }
  const org = (await readJson("metadata/org.json")) as Json;
  setExamples(spec, `${PREFIX}/org`, "get", "200", { org: { value: org } });
  setExamples(spec, `${PREFIX}/settings/modules`, "get", "200", { modules: { value: { modules } } });
  setExamples(spec, `${PREFIX}/settings/fields`, "get", "200", fields);
  setExamples(spec, `${PREFIX}/{module_api_name}`, "get", "200", pages);
  setExamples(spec, `${PREFIX}/{module_api_name}/search`, "get", "200", searches);
  setExamples(spec, `${PREFIX}/{module_api_name}/actions/count`, "get", "200", counts);
  setExamples(spec, `${PREFIX}/settings/related_lists`, "get", "200", related.lists);
  setExamples(
    spec,
    `${PREFIX}/{module_api_name}/{record_id}/{related_list_api_name}`,
    "get",
    "200",
    related.records,
  );
  setExamples(spec, `${PREFIX}/{module_api_name}/deleted`, "get", "200", deleted);
  const created: Examples = {};
  for (const n of [1, 50, 100]) created[`created-${n}`] = { value: writeResults(n, "record added") };
  setExamples(spec, `${PREFIX}/{module_api_name}`, "post", "201", created);
  return spec;
}

/**
 * The related lists of each module (metadata/related_lists) and, for each record, the records of each list that
 * look it up (an account's contacts are those whose Account_Name is the account).
 */
async function relatedExamples(modules: string[]): Promise<{ lists: Examples; records: Examples }> {
  const lists: Examples = {};
  const records: Examples = {};
  const byModule = new Map<string, Json[]>();
  for (const module of modules)
    byModule.set(module, ((await readJson(`records/${module}.json`)).data as Json[]) ?? []);
  for (const module of modules) {
    const related = (await readJson(`metadata/related_lists/${module}.json`)).related_lists as Json[];
    lists[`related-lists-${module}`] = { value: { related_lists: related } };
    for (const list of related) {
      const target = (list.module as Json | null)?.api_name;
      const candidates = typeof target === "string" ? byModule.get(target) : undefined;
      if (!candidates) continue;
      for (const parent of byModule.get(module) ?? []) {
        const data = candidates.filter((record) => looksUp(record, String(parent.id)));
        if (data.length > 0) {
          records[`related-${module}-${parent.id}-${list.api_name}`] = {
            value: { data, info: listInfo(data.length) },
          };
        }
      }
    }
  }
  return { lists, records };
}

/**
 * Which named example answers a request, or undefined for the operation's default. `ifModifiedSince` is the
 * request's header: the sample org has changes after SAMPLE_SINCE only.
 */
export function exampleFor(
  method: string,
  url: URL,
  body: string,
  ifModifiedSince?: string,
): string | undefined {
  const path = url.pathname.slice(PREFIX.length);
  const sinceSample =
    ifModifiedSince !== undefined && Date.parse(ifModifiedSince) === Date.parse(SAMPLE_SINCE);
  if (path === "/settings/fields") return `fields-${url.searchParams.get("module")}`;
  if (path === "/settings/related_lists") return `related-lists-${url.searchParams.get("module")}`;
  const deleted = /^\/([A-Za-z0-9_]+)\/deleted$/.exec(path);
  if (deleted)
    return ifModifiedSince === undefined
      ? `${deleted[1]}-deleted`
      : sinceSample
        ? `${deleted[1]}-deleted-since`
        : undefined;
  const related = /^\/([A-Za-z0-9_]+)\/(\d+)\/([A-Za-z0-9_]+)$/.exec(path);
  if (related) return `related-${related[1]}-${related[2]}-${related[3]}`;
  if (ifModifiedSince !== undefined) {
    const changed = /^\/([A-Za-z0-9_]+)$/.exec(path)?.[1];
    return changed && sinceSample && method === "GET" ? `${changed}-changes` : undefined;
  }
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

/** Every example name of the spec's operations, so a router never asks Prism for one it does not have. */
function exampleNames(spec: Json): Set<string> {
  const names = new Set<string>();
  for (const item of Object.values(spec.paths as Json)) {
    for (const operation of Object.values(item as Json)) {
      const responses = (operation as Json | undefined)?.responses as Json | undefined;
      for (const response of Object.values(responses ?? {})) {
        const media = ((response as Json).content as Json | undefined)?.["application/json"] as
          | Json
          | undefined;
        for (const name of Object.keys((media?.examples as Json | undefined) ?? {})) names.add(name);
      }
    }
  }
  return names;
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
  const spec = await sampleOrgSpec();
  await writeFile(specPath, stringify(spec, { lineWidth: 0 }));
  const known = exampleNames(spec);
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
    const since = req.headers["if-modified-since"];
    const example = exampleFor(req.method ?? "GET", url, body, typeof since === "string" ? since : undefined);
    if (example && known.has(example)) headers.set("Prefer", `example=${example}`);
    // What the sample org has no example for: nothing changed (304), no related records (204).
    else if (since !== undefined) headers.set("Prefer", "code=304");
    else if (example?.startsWith("related-") && !example.startsWith("related-lists-"))
      headers.set("Prefer", "code=204");
    else if (example) headers.set("Prefer", `example=${example}`);
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
