// The Bigin demo program: Team Pipelines against the Bigin sample org (or, with --live, your org).
import {
  type AnyPipelineStage,
  createBiginClient,
  type PipelineIdNamed,
  type TeamPipeline,
  ZohoKitError,
} from "@zohokit/bigin";
import type { Org } from "../bigin/org.js";
import { liveAuth } from "./live-auth.js";

const baseUrl = process.env.ZOHOKIT_DEMO_BASE_URL;
const live = baseUrl === undefined;
const write = !live || process.argv.includes("--write");

type Pipeline = TeamPipeline<AnyPipelineStage<Org>>;

/** The sample org's Sales Pipeline: a literal id, so its records' stages are checked at compile time. */
const SALES_PIPELINE: PipelineIdNamed<Org, "Sales Pipeline"> = "5725767000000091101";

let requests = 0;
let writes = 0;
const bigin = createBiginClient<Org>({
  ...(baseUrl
    ? { baseUrl, apiKey: process.env.ZOHOKIT_DEMO_API_KEY ?? "demo-key-not-a-secret" }
    : liveAuth()),
  // Writes of Pipelines records are checked against the Team Pipelines (read once) before they are sent.
  checkStages: true,
  fetch: (request) => {
    requests++;
    if (request.method !== "GET") writes++;
    return fetch(request);
  },
});

/** Compiled, never called: a stage of another Team Pipeline is a type error where the code names the pipeline. */
export async function refusedAtCompileTime(id: string): Promise<void> {
  await bigin.records.update("Pipelines", [
    // @ts-expect-error "Design" is a stage of Showroom Projects, not of the Sales Pipeline
    { id, Pipeline: { id: SALES_PIPELINE }, Stage: "Design" },
  ]);
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
const counts = (values: readonly (string | null)[]) =>
  [...new Set(values)].map((v) => `${v ?? "no stage"} ${values.filter((x) => x === v).length}`).join(", ");

async function readEach(pipelines: readonly Pipeline[]): Promise<string> {
  const parts: string[] = [];
  for (const pipeline of pipelines) {
    const stages: (string | null)[] = [];
    for await (const deal of bigin.records.iterate("Pipelines", {
      pipelineId: pipeline.id,
      fields: ["Deal_Name", "Stage"],
    })) {
      stages.push(deal.Stage);
    }
    parts.push(`${pipeline.name}: ${stages.length} deals (${counts(stages) || "none"})`);
  }
  return parts.join("; ");
}

/** The sample org's Sales Pipeline, typed: its deals' Stage is one of that pipeline's stages. */
async function moveInSalesPipeline(): Promise<string> {
  const page = await bigin.records.list("Pipelines", {
    pipelineId: SALES_PIPELINE,
    fields: ["Deal_Name", "Stage"],
  });
  const deal = page.data.find((d) => d.Stage === "Qualification");
  if (!deal) return "no Sales Pipeline deal in Qualification";
  const result = await bigin.records.update("Pipelines", [
    { id: deal.id, Pipeline: { id: SALES_PIPELINE }, Stage: "Needs Identification" },
  ]);
  if (result.failed[0]) return `refused by Zoho: ${result.failed[0].code} ${result.failed[0].message}`;
  const after = await bigin.records.get("Pipelines", deal.id, { fields: ["Stage"] });
  return `"${deal.Deal_Name}" (Sales Pipeline): ${deal.Stage} -> Needs Identification; read back: ${after?.Stage}`;
}

/** A pipeline known only at run time: a stage of another pipeline is refused before any request. */
async function refusedAtRunTime(pipelines: readonly Pipeline[]): Promise<string> {
  const [first, second] = pipelines;
  const stage = second?.stages.find((s) => !first?.stages.includes(s));
  if (!first || !stage) return "needs two Team Pipelines with stages of their own";
  const before = writes;
  try {
    await bigin.records.create("Pipelines", [
      { Deal_Name: "Demo deal", Pipeline: { id: first.id }, Stage: stage },
    ]);
    return "sent (unexpected)";
  } catch (error) {
    if (!(error instanceof ZohoKitError)) throw error;
    const sent = writes - before;
    const what = sent === 0 ? "not sent" : `${sent} writes sent`;
    return `a deal in ${first.name} at "${stage}": ${what}; ${error.message.split(": ")[0]}`;
  }
}

/** A related list, typed by the org: an account's contacts, with the contacts' own fields. */
async function accountContacts(): Promise<{ text: string; contactId?: string }> {
  const accounts = await bigin.records.list("Accounts", { fields: ["Account_Name"], perPage: 1 });
  const account = accounts.data[0];
  if (!account) return { text: "no account to read the contacts of" };
  const contacts = await bigin.related.list("Accounts", account.id, "Contacts", {
    fields: ["First_Name", "Last_Name"],
  });
  const names = contacts.data.map((c) => [c.First_Name, c.Last_Name].filter(Boolean).join(" "));
  return {
    text: `${account.Account_Name}'s contacts: ${names.join(", ") || "none"}`,
    ...(contacts.data[0] ? { contactId: contacts.data[0].id } : {}),
  };
}

/** A tag added to a record, read back from the record's Tag field. */
async function tagContact(id: string): Promise<string> {
  const result = await bigin.tags.add("Contacts", [id], ["Demo"]);
  if (result.failed[0]) return `refused by Zoho: ${result.failed[0].code} ${result.failed[0].message}`;
  const after = await bigin.records.get("Contacts", id, { fields: ["Last_Name", "Tag"] });
  const tags = after?.Tag?.map((t) => t.name) ?? [];
  return `contact ${after?.Last_Name ?? id} tagged "Demo"; its tags now: ${tags.join(", ")}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const lines: string[] = [];
  const step = (name: string, text: string) => lines.push(`  ${name.padEnd(9)} ${text}`);

  const org = await bigin.org.get();
  step("org", `${org.company_name ?? "?"} (id ${org.id})`);

  const pipelines = await bigin.pipelines.list();
  step(
    "pipelines",
    pipelines
      .map(
        (p) =>
          `${p.name} (${plural(p.stages.length, "stage")}, ${plural(p.subPipelines.length, "sub-pipeline")})`,
      )
      .join("; "),
  );
  step("read", await readEach(pipelines));

  if (!pipelines.some((p) => p.id === SALES_PIPELINE))
    step("move", "skipped: your org has no sample Sales Pipeline");
  else if (write) step("move", await moveInSalesPipeline());
  else step("move", "skipped against a live org: add --write to move a Sales Pipeline deal's stage");
  step("refused", await refusedAtRunTime(pipelines));
  step(
    "typed",
    'a Sales Pipeline deal moved to "Design" (a Showroom Projects stage) is a type error: see refusedAtCompileTime',
  );
  const related = await accountContacts();
  step("related", related.text);
  if (!related.contactId) step("tag", "skipped: no contact to tag");
  else if (write) step("tag", await tagContact(related.contactId));
  else step("tag", "skipped against a live org: add --write to tag a contact");

  console.log(
    `zohokit demo (Bigin): ${live ? "your org through the Maton gateway" : "the Bigin sample org on @zohokit/mock"}`,
  );
  console.log(lines.join("\n"));
  console.log(`  done      ${requests} requests in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error: unknown) => {
  console.error(`zohokit demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
