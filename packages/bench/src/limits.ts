/**
 * Figure 7: 100,000 records read against a simulated Zoho with Zoho's limits (zoho-limits-server.ts, its own
 * process): a raw page_token loop, records.iterate, coql.select().iterate() and records.export at concurrency 10;
 * wall time and API credits of each, and a check that all four read exactly the same ids.
 * BENCH_ZOHO_SCALE=0.1 runs the latency model 10x faster (a quick run); the report's numbers are at scale 1.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createCrmClient } from "@zohokit/crm";

const SCRIPT = fileURLToPath(new URL("./zoho-limits-server.js", import.meta.url));
export const LIMITS_RECORDS = 100_000;

export interface LimitsRun {
  name: string;
  wallMs: number;
  credits: number;
  calls: number;
  rejected: number;
  records: number;
}

export interface LimitsResult {
  scale: number;
  records: number;
  runs: { raw: LimitsRun; iterate: LimitsRun; coql: LimitsRun; export: LimitsRun };
  /** Whether every side read exactly the same set of ids, each once. */
  sameIds: boolean;
}

type Stats = { credits: number; calls: number; rejected: number };

function ask(child: ChildProcess, type: string): Promise<Stats & { port?: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulated Zoho sent no answer to ${type}`)), 10_000);
    const onMessage = (message: Stats & { type: string; port?: number }) => {
      if (message.type !== "stats" && message.type !== "ready") return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message);
    };
    child.on("message", onMessage);
    if (type !== "ready") child.send({ type });
  });
}

async function rawLoop(baseUrl: string, onId: (id: string) => void): Promise<void> {
  const headers = { Authorization: "Bearer bench-api-key", Accept: "application/json" };
  let page = 1;
  let token: string | undefined;
  for (let calls = 0; calls < 1000; calls++) {
    const query = token ? `page_token=${token}` : `page=${page}`;
    const response = await fetch(`${baseUrl}/crm/v8/Leads?fields=Last_Name&per_page=200&${query}`, {
      headers,
    });
    if (response.status === 204) return;
    if (!response.ok) throw new Error(`raw loop: HTTP ${response.status}`);
    const body = (await response.json()) as {
      data: { id: string }[];
      info: { more_records: boolean; next_page_token: string | null };
    };
    for (const record of body.data) onId(record.id);
    if (!body.info.more_records) return;
    if (page * 200 < 2000) page++;
    else token = body.info.next_page_token ?? undefined;
  }
  throw new Error("raw loop did not end within 1,000 calls");
}

export async function benchLimits(options: { scale?: number } = {}): Promise<LimitsResult> {
  const scale = options.scale ?? Number(process.env.BENCH_ZOHO_SCALE ?? 1);
  const child = fork(SCRIPT, [JSON.stringify({ records: LIMITS_RECORDS, scale })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
  });
  try {
    const { port } = await ask(child, "ready");
    const baseUrl = `http://127.0.0.1:${port}`;
    const crm = createCrmClient({ apiKey: "bench-api-key", baseUrl, maxConcurrency: 10 });
    const sets: Set<string>[] = [];
    const measure = async (
      name: string,
      read: (onId: (id: string) => void) => Promise<void>,
    ): Promise<LimitsRun> => {
      await ask(child, "reset");
      const ids = new Set<string>();
      let records = 0;
      const started = performance.now();
      await read((id) => {
        ids.add(id);
        records++;
      });
      const wallMs = performance.now() - started;
      const stats = await ask(child, "stats");
      sets.push(ids);
      if (ids.size !== records) throw new Error(`${name}: ${records - ids.size} records read twice`);
      return { name, wallMs, records, credits: stats.credits, calls: stats.calls, rejected: stats.rejected };
    };
    const raw = await measure("raw page_token loop", (onId) => rawLoop(baseUrl, onId));
    const iterate = await measure("records.iterate", async (onId) => {
      for await (const record of crm.records.iterate("Leads", { fields: ["Last_Name"] })) onId(record.id);
    });
    const coql = await measure("coql.select().iterate()", async (onId) => {
      for await (const row of crm.coql.select("Leads", ["Last_Name"]).iterate()) onId(row.id);
    });
    const exported = await measure("records.export, concurrency 10", async (onId) => {
      for await (const record of crm.records.export("Leads", { fields: ["Last_Name"], concurrency: 10 }))
        onId(record.id);
    });
    const [first, ...others] = sets;
    const sameIds =
      first!.size === LIMITS_RECORDS &&
      others.every((set) => set.size === first!.size && [...set].every((id) => first!.has(id)));
    return { scale, records: LIMITS_RECORDS, runs: { raw, iterate, coql, export: exported }, sameIds };
  } finally {
    child.send({ type: "stop" });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchLimits().then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
