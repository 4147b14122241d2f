// The demo program: everyday zohokit calls against the sample org (or, with --live, your own org).
import { and, createCrmClient, eq, startsWith } from "@zohokit/crm";
import { liveAuth } from "./live-auth.js";
import type { Org } from "./org.js";
import { SAMPLE_SINCE } from "./sample.js";

const baseUrl = process.env.ZOHOKIT_DEMO_BASE_URL;
const live = baseUrl === undefined;
const write = !live || process.argv.includes("--write");

let requests = 0;
const crm = createCrmClient<Org>({
  ...(baseUrl ? { baseUrl, apiKey: "demo-key-not-a-secret" } : liveAuth()),
  fetch: (request) => {
    requests++;
    return fetch(request);
  },
});

async function main(): Promise<void> {
  const started = performance.now();
  const lines: string[] = [];
  const step = (name: string, text: string) => lines.push(`  ${name.padEnd(8)} ${text}`);

  const org = await crm.org.get();
  step("org", `${org.company_name ?? "?"} (id ${org.id})`);

  const first = await crm.records.list("Leads", {
    fields: ["Last_Name", "Email", "Lead_Status"],
    perPage: 2,
  });
  const lead = first.data[0];
  step(
    "list",
    `Leads page 1: ${first.data.length} records; first: ${lead?.Last_Name} <${lead?.Email}>, ${lead?.Lead_Status}`,
  );

  let before = requests;
  const contacts: string[] = [];
  for await (const contact of crm.records.iterate("Contacts", {
    fields: ["Last_Name", "Title"],
    perPage: 2,
  })) {
    contacts.push(`${contact.Last_Name} (${contact.Title ?? "no title"})`);
  }
  step(
    "iterate",
    `Contacts: ${contacts.length} records over ${requests - before} pages: ${contacts.join(", ")}`,
  );

  const criteria = and(eq("Lead_Status", "Contacted"), startsWith("Email", "j"));
  const found = await crm.records.search("Leads", { criteria, fields: ["Last_Name", "Email"] });
  step("search", `Leads where ${criteria.text}: ${found.data.map((l) => l.Last_Name).join(", ") || "none"}`);

  step("count", `Deals: ${await crm.records.count("Deals")}`);

  const [account] = (await crm.records.list("Accounts", { fields: ["Account_Name"], perPage: 2 })).data;
  if (account) {
    const people = await crm.related.list("Accounts", account.id, "Contacts", {
      fields: ["Last_Name", "Email"],
    });
    step(
      "related",
      `Contacts of ${account.Account_Name}: ${people.data.map((c) => `${c.Last_Name} <${c.Email}>`).join(", ") || "none"}`,
    );
  }

  before = requests;
  const since = live ? new Date(Date.now() - 7 * 86_400_000) : SAMPLE_SINCE;
  const run = crm.records.changes("Leads", { fields: ["Last_Name", "Lead_Status"], since });
  const upserted: string[] = [];
  let deletes = 0;
  for await (const change of run) {
    if (change.kind === "upsert") upserted.push(`${change.record.Last_Name} (${change.record.Lead_Status})`);
    else deletes++;
  }
  step(
    "changes",
    `Leads since ${typeof since === "string" ? since : since.toISOString()}: ${upserted.length} changed ` +
      `(${upserted.join(", ") || "none"}), ${deletes} deleted, in ${requests - before} requests; ` +
      `the next run resumes from ${run.checkpoint().since}`,
  );

  if (write) {
    before = requests;
    const inputs = Array.from({ length: 250 }, (_, i) => ({
      Last_Name: `Demo Lead ${i + 1}`,
      Email: `demo.lead.${i + 1}@example.com`,
      Lead_Source: "Web Form" as const,
    }));
    const result = await crm.records.create("Leads", inputs);
    step(
      "create",
      `250 Leads in ${requests - before} requests: ${result.succeeded.length} succeeded, ${result.failed.length} failed` +
        (result.failed[0] ? ` (first failure: #${result.failed[0].index} ${result.failed[0].code})` : ""),
    );
  } else {
    step("create", "skipped against a live org: add --write to create 250 Leads in it");
  }

  console.log(
    `zohokit demo: ${live ? "your org through the Maton gateway" : "the sample org on a Prism mock of the gateway"}`,
  );
  console.log(lines.join("\n"));
  console.log(`  done     ${requests} requests in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error: unknown) => {
  console.error(`zohokit demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
