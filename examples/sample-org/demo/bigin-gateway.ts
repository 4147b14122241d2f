import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RequestLog, startMockGateway } from "@zohokit/mock";

const root = fileURLToPath(new URL("../", import.meta.url));

/** The modules of the Bigin sample org with field metadata: what the demo generates types for. */
export const BIGIN_MODULES = ["Accounts", "Contacts", "Pipelines", "Products"] as const;
export const DEMO_API_KEY = "demo-key-not-a-secret";

/** The sample org's records, per module, as bigin/records/<Module>.json holds them. */
async function sampleRecords(): Promise<Record<string, Record<string, unknown>[]>> {
  const dir = join(root, "bigin", "records");
  const records: Record<string, Record<string, unknown>[]> = {};
  for (const module of BIGIN_MODULES) {
    if (!(await readdir(dir)).includes(`${module}.json`)) continue;
    const file = JSON.parse(await readFile(join(dir, `${module}.json`), "utf8")) as {
      data: Record<string, unknown>[];
    };
    records[module] = file.data;
  }
  return records;
}

export interface BiginSampleGateway {
  url: string;
  apiKey: string;
  requests: RequestLog[];
  /** A stored record, as the mock holds it now. */
  record(module: string, id: string): Record<string, unknown> | undefined;
  stop(): Promise<void>;
}

/**
 * @zohokit/mock serving the Bigin sample org: its metadata (with the two Team Pipelines of layouts/Pipelines.json)
 * and records, with Bigin's rules (each deal's Stage checked against its own Team Pipeline). Stateful, so a stage
 * move is there when the record is read back.
 */
export async function startBiginSampleGateway(): Promise<BiginSampleGateway> {
  const zoho = await startMockGateway({
    app: "bigin",
    org: join(root, "bigin", "metadata"),
    apiKey: DEMO_API_KEY,
    records: await sampleRecords(),
  });
  return {
    url: zoho.url,
    apiKey: zoho.apiKey,
    requests: zoho.requests,
    record: (module, id) => zoho.store.get(module, id),
    stop: () => zoho.close(),
  };
}
