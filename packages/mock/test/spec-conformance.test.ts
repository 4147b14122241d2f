/**
 * Every answer the mock gives is one the specs document. A suite of requests reaches every route of the table
 * (routes.ts), each with successes and errors, with and without an org, with faults and refused credentials; every
 * answer is validated against the response schema that specs/bundled/*.yaml documents for the route's operation
 * and the status (204s must be empty). A failure names the route, the request and what does not fit.
 *
 * Not checked here, on purpose: the faults that break the answer (html, malformed-json, empty-200,
 * truncated-json, resets, slow) are not meant to fit any spec; Maton's spec documents no 502.
 */

import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MockGateway,
  type MockGatewayOptions,
  type OrgSnapshot,
  startMockGateway,
} from "../src/index.js";
import type { Route } from "../src/router.js";
import { GATEWAY_ROUTES, MATON_ROUTES } from "../src/routes.js";
import { type Answer, call, callForm } from "./http.js";
import { loadSpec, type Spec } from "./spec.js";

const SAMPLE_ORG = fileURLToPath(new URL("../../../examples/sample-org/metadata/", import.meta.url));
const PREFIX = { crm: "/crm/v8", bigin: "/bigin/v2" } as const;
type App = keyof typeof PREFIX;
/** CRM's bulk API sits beside the prefix; its routes are listed as /bulk/v8/... */
const BULK = "/crm/bulk/v8/";

interface Exchange {
  route: Route | undefined;
  request: string;
  status: number;
  contentType: string | null;
  body: string;
}

const biginOrg: OrgSnapshot = {
  app: "bigin",
  org: { id: "2034020000000000001", company_name: "Bigin Mock Co" },
  modules: [
    { api_name: "Contacts", id: "2034020000000002001", api_supported: true },
    { api_name: "Pipelines", id: "2034020000000002002", api_supported: true },
  ],
  fields: {
    Contacts: [
      { api_name: "Last_Name", data_type: "text", system_mandatory: true },
      { api_name: "Email", data_type: "email", unique: { case_sensitive: false } },
    ],
    Pipelines: [
      { api_name: "Deal_Name", data_type: "text", system_mandatory: true },
      {
        api_name: "Stage",
        data_type: "picklist",
        system_mandatory: true,
        pick_list_values: [{ actual_value: "Qualification", display_value: "Qualification" }],
      },
      { api_name: "Pipeline", data_type: "layout", json_type: "jsonobject" },
    ],
  },
};

const gateways: MockGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

function routeOf(app: App, path: string, logged: string | undefined): Route | undefined {
  if (!logged) return undefined;
  const table = path.startsWith(PREFIX[app]) || path.startsWith(BULK) ? GATEWAY_ROUTES : MATON_ROUTES;
  return table.find((r) => `${r.method} ${r.path}` === logged && (!r.apps || r.apps.includes(app)));
}

/** Runs the whole suite of requests against fresh mocks of `app` and returns every exchange. */
async function runSuite(app: App): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  const start = async (options: Partial<MockGatewayOptions> = {}) => {
    const gateway = await startMockGateway({ app, ...options });
    gateways.push(gateway);
    return gateway;
  };
  const p = PREFIX[app];
  const send = async (
    zoho: MockGateway,
    method: string,
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const answer = await call(zoho, method, path, query, body, headers);
    const logged = zoho.requests.at(-1);
    exchanges.push({
      route: routeOf(app, path, logged?.route),
      request: `${method} ${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ""}`,
      status: answer.status,
      contentType: answer.contentType,
      body: answer.text,
    });
    return answer;
  };
  const sendForm = async (
    zoho: MockGateway,
    path: string,
    form: FormData,
    query: Record<string, string> = {},
  ) => {
    const answer = await callForm(zoho, path, form, query);
    exchanges.push({
      route: routeOf(app, path, zoho.requests.at(-1)?.route),
      request: `POST ${path} (multipart)`,
      status: answer.status,
      contentType: answer.contentType,
      body: answer.text,
    });
    return answer;
  };

  const module = app === "crm" ? "Leads" : "Contacts";
  const withOrg = await start({ org: app === "crm" ? SAMPLE_ORG : biginOrg, defaultSortOrder: "asc" });
  const bare = await start();
  for (const zoho of [withOrg, bare]) {
    // metadata
    await send(zoho, "GET", `${p}/org`);
    await send(zoho, "GET", `${p}/users`);
    await send(zoho, "GET", `${p}/users`, { type: "DeletedUsers" });
    await send(zoho, "GET", `${p}/users`, { type: "Everyone" });
    const users = JSON.parse(exchanges.at(-3)!.body).users as { id: string }[];
    await send(zoho, "GET", `${p}/users/${users[0]!.id}`);
    await send(zoho, "GET", `${p}/users/1`);
    await send(zoho, "GET", `${p}/settings/modules`);
    await send(zoho, "GET", `${p}/settings/modules/${module}`);
    await send(zoho, "GET", `${p}/settings/modules/Nope`);
    for (const kind of ["fields", "layouts"]) {
      await send(zoho, "GET", `${p}/settings/${kind}`, { module });
      await send(zoho, "GET", `${p}/settings/${kind}`);
      await send(zoho, "GET", `${p}/settings/${kind}`, { module: "Nope" });
    }
    const layouts = await send(zoho, "GET", `${p}/settings/layouts`, {
      module: app === "crm" ? "Deals" : "Pipelines",
    });
    const layoutId = layouts.json.layouts[0].id as string;
    await send(zoho, "GET", `${p}/settings/layouts/${layoutId}`, { module: "Deals" });
    await send(zoho, "GET", `${p}/settings/layouts/1`, { module: "Deals" });

    // record writes
    const data = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ Last_Name: `Conformance ${i}`, Email: `c${i}@example.com` }));
    const created = await send(zoho, "POST", `${p}/${module}`, {}, { data: data(3) });
    const ids = created.json.data.map((item: { details: { id: string } }) => item.details.id) as string[];
    await send(
      zoho,
      "POST",
      `${p}/${module}`,
      {},
      { data: [{ Last_Name: "ok", Email: "ok@example.com" }, { Email: "x@example.com" }] },
    );
    await send(zoho, "POST", `${p}/${module}`, {}, { data: [{ First_Name: "no last name" }] });
    await send(zoho, "POST", `${p}/${module}`, {}, { data: data(101) });
    await send(zoho, "POST", `${p}/${module}`, {}, { data: [] });
    await send(zoho, "POST", `${p}/Nope`, {}, { data: data(1) });
    await send(zoho, "POST", `${p}/${module}`, {}, { data: data(1), trigger: ["nope"] });
    await send(zoho, "PUT", `${p}/${module}`, {}, { data: [{ id: ids[0], Last_Name: "Updated" }] });
    await send(
      zoho,
      "PUT",
      `${p}/${module}`,
      {},
      {
        data: [
          { id: ids[0], Last_Name: "Again" },
          { id: "1", Last_Name: "x" },
        ],
      },
    );
    await send(zoho, "PUT", `${p}/${module}`, {}, { data: [{ Last_Name: "no id" }] });
    await send(zoho, "PUT", `${p}/${module}/${ids[1]}`, {}, { data: [{ Last_Name: "By path" }] });
    await send(zoho, "PUT", `${p}/${module}/1`, {}, { data: [{ Last_Name: "Nobody" }] });
    await send(zoho, "PUT", `${p}/Nope/1`, {}, { data: [{ Last_Name: "x" }] });
    await send(
      zoho,
      "POST",
      `${p}/${module}/upsert`,
      {},
      {
        data: [
          { Last_Name: "Up", Email: "c2@example.com" },
          { Last_Name: "New", Email: "new@example.com" },
        ],
      },
    );
    await send(
      zoho,
      "POST",
      `${p}/${module}/upsert`,
      {},
      {
        data: [{ Last_Name: "Up", Email: "c2@example.com" }, { Email: "none@example.com" }],
        duplicate_check_fields: ["Email"],
      },
    );
    await send(zoho, "POST", `${p}/${module}/upsert`, {}, { data: [{ Email: "none@example.com" }] });
    await send(zoho, "POST", `${p}/${module}/upsert`, {}, { data: data(1), duplicate_check_fields: "Email" });

    // record reads
    zoho.store.generate(module, 450);
    const list = await send(zoho, "GET", `${p}/${module}`, {
      fields: "Last_Name,Email,Owner",
      per_page: "200",
    });
    await send(zoho, "GET", `${p}/${module}`, {
      fields: "Last_Name",
      page_token: list.json.info.next_page_token,
    });
    await send(zoho, "GET", `${p}/${module}`, {
      fields: "Email",
      page_token: list.json.info.next_page_token,
    });
    await send(zoho, "GET", `${p}/${module}`, { fields: "Email", page: "11", per_page: "200" });
    await send(zoho, "GET", `${p}/${module}`, { fields: "Email", sort_by: "Email" });
    await send(zoho, "GET", `${p}/${module}`);
    await send(zoho, "GET", `${p}/${module}`, {
      fields: Array.from({ length: 51 }, (_, i) => `F${i}`).join(","),
    });
    await send(zoho, "GET", `${p}/Nope`, { fields: "Email" });
    await send(zoho, "GET", `${p}/Accounts`, { fields: "Account_Name" });
    await send(zoho, "GET", `${p}/${module}/${ids[0]}`);
    await send(zoho, "GET", `${p}/${module}/${ids[0]}`, { fields: "Last_Name" });
    await send(zoho, "GET", `${p}/${module}/1`);
    await send(zoho, "GET", `${p}/Nope/1`);
    await send(zoho, "GET", `${p}/${module}/search`, {
      criteria: "(Last_Name:starts_with:Seed)",
      per_page: "5",
    });
    await send(zoho, "GET", `${p}/${module}/search`, { email: "seed1@example.com" });
    await send(zoho, "GET", `${p}/${module}/search`, { word: "Conformance" });
    await send(zoho, "GET", `${p}/${module}/search`, { phone: "555" });
    await send(zoho, "GET", `${p}/${module}/search`);
    await send(zoho, "GET", `${p}/${module}/search`, { criteria: "(Last_Name:equals:a,b)" });
    await send(zoho, "GET", `${p}/${module}/search`, {
      criteria: "(Last_Name:equals:x)",
      page: "11",
      per_page: "200",
    });
    await send(zoho, "GET", `${p}/Nope/search`, { word: "xx" });
    await send(zoho, "GET", `${p}/${module}/actions/count`);
    await send(zoho, "GET", `${p}/${module}/actions/count`, { criteria: "(Last_Name:starts_with:Seed)" });
    await send(zoho, "GET", `${p}/${module}/actions/count`, { criteria: "(bad" });
    await send(zoho, "GET", `${p}/Nope/actions/count`);

    // deletes
    await send(zoho, "DELETE", `${p}/${module}`, { ids: ids.slice(0, 1).join(",") });
    await send(zoho, "DELETE", `${p}/${module}`, { ids: `${ids[1]},1` });
    await send(zoho, "DELETE", `${p}/${module}`, { ids: "1,2" });
    await send(zoho, "DELETE", `${p}/${module}`);
    await send(zoho, "DELETE", `${p}/Nope`, { ids: "1" });
    await send(zoho, "DELETE", `${p}/${module}/${ids[2]}`);
    await send(zoho, "DELETE", `${p}/${module}/${ids[2]}`);

    // no route, no key, no connection
    await send(zoho, "GET", `${p}/${module}/not-an-id`);
    await send(zoho, "GET", `${p}/${module}/upsert`);
    await send(zoho, "GET", `${p}/${module}`, { fields: "Email" }, undefined, {});
    await send(zoho, "GET", `${p}/${module}`, { fields: "Email" }, undefined, {
      Authorization: `Bearer ${zoho.apiKey}`,
      "Maton-Connection": "00000000-0000-4000-8000-000000000000",
    });
  }

  if (app === "bigin") {
    await watchScenarios(send, withOrg, p, "Contacts");
    for (const zoho of [withOrg, bare]) {
      await send(zoho, "GET", `${p}/settings/related_lists`, { module: "Contacts" });
      await send(zoho, "GET", `${p}/settings/related_lists`);
      const layouts = await send(zoho, "GET", `${p}/settings/layouts`, { module: "Pipelines" });
      const pipelineId = layouts.json.layouts[0].id as string;
      await send(zoho, "GET", `${p}/Pipelines`, { fields: "Deal_Name", pipeline_id: pipelineId });
      zoho.store.add("Pipelines", [
        { Deal_Name: "Deal", Stage: "Qualification", Pipeline: { id: pipelineId, name: "Sales Pipeline" } },
      ]);
      await send(zoho, "GET", `${p}/Pipelines`, { fields: "Deal_Name", pipeline_id: pipelineId });
      await send(zoho, "GET", `${p}/Pipelines`, { fields: "Deal_Name" });
      await send(zoho, "GET", `${p}/Pipelines`, { fields: "Deal_Name", pipeline_id: "42" });
      // Writes checked against the record's own Team Pipeline (with the org).
      const deal = { Deal_Name: "Checked", Pipeline: { id: pipelineId } };
      const made = await send(
        zoho,
        "POST",
        `${p}/Pipelines`,
        {},
        { data: [{ ...deal, Stage: "Qualification" }] },
      );
      await send(zoho, "POST", `${p}/Pipelines`, {}, { data: [{ ...deal, Stage: "Not A Stage" }] });
      await send(
        zoho,
        "POST",
        `${p}/Pipelines`,
        {},
        { data: [{ ...deal, Pipeline: { id: "42" }, Stage: "Qualification" }] },
      );
      const dealId = made.json.data[0].details.id as string;
      await send(zoho, "PUT", `${p}/Pipelines`, {}, { data: [{ id: dealId, Stage: "Qualification" }] });
      await send(zoho, "PUT", `${p}/Pipelines`, {}, { data: [{ id: dealId, Stage: "Not A Stage" }] });
    }
  }

  if (app === "bigin") {
    // related lists, notes, attachments and tags: CRM's handlers under /bigin/v2, with Bigin's differences
    const idOf = (answer: Answer) => answer.json.data[0].details.id as string;
    for (const zoho of [withOrg, bare]) {
      const [contact] = zoho.store.add("Contacts", [{ Last_Name: "Groups" }]);
      const c = contact!.id;
      const [deal] = zoho.store.add("Pipelines", [{ Deal_Name: "Groups Deal", Stage: "Qualification" }]);
      const d = deal!.id;
      const related = `${p}/Pipelines/${d}/Contacts`;
      await send(zoho, "PUT", related, {}, { data: [{ id: c }] });
      await send(zoho, "PUT", related, {}, { data: [] });
      await send(zoho, "GET", related, { fields: "Last_Name" });
      await send(zoho, "GET", `${p}/Pipelines/${d}/Nope`, { fields: "Last_Name" });
      await send(zoho, "PUT", `${related}/${c}`, {}, { data: [{}] });
      await send(zoho, "PUT", `${related}/1`);
      await send(zoho, "DELETE", `${related}/${c}`);
      await send(zoho, "DELETE", `${related}/${c}`);
      await send(zoho, "PUT", related, {}, { data: [{ id: c }] });
      await send(zoho, "DELETE", related, { ids: c });
      await send(zoho, "DELETE", related, { ids: "1" });
      await send(zoho, "DELETE", related);

      const notes = `${p}/Contacts/${c}/Notes`;
      const note = await send(zoho, "POST", notes, {}, { data: [{ Note_Content: "First" }] });
      await send(zoho, "POST", notes, {}, { data: [{ Note_Title: "no content" }] });
      await send(zoho, "GET", notes, { fields: "Note_Title,Note_Content" });
      await send(zoho, "GET", notes);
      const parent = { module: { api_name: "Contacts" }, id: c };
      await send(zoho, "POST", `${p}/Notes`, {}, { data: [{ Note_Content: "All", Parent_Id: parent }] });
      await send(zoho, "POST", `${p}/Notes`, {}, { data: [{ Note_Content: "No parent" }] });
      await send(zoho, "GET", `${p}/Notes`, { fields: "Note_Content,Parent_Id" });
      await send(zoho, "GET", `${p}/Notes`);
      await send(zoho, "PUT", `${p}/Notes`, {}, { data: [{ id: idOf(note), Note_Content: "Changed" }] });
      await send(zoho, "PUT", `${p}/Notes`, {}, { data: [{ id: "1", Note_Content: "Nobody" }] });
      await send(zoho, "PUT", `${notes}/${idOf(note)}`, {}, { data: [{ Note_Title: "Titled" }] });
      await send(zoho, "PUT", `${notes}/1`, {}, { data: [{ Note_Title: "x" }] });
      const doomed = await send(zoho, "POST", notes, {}, { data: [{ Note_Content: "Doomed" }] });
      await send(zoho, "DELETE", `${p}/Notes`, { ids: idOf(doomed) });
      await send(zoho, "DELETE", `${p}/Notes`, { ids: "1" });
      await send(zoho, "DELETE", `${notes}/${idOf(note)}`);
      await send(zoho, "DELETE", `${notes}/${idOf(note)}`);

      const files = `${p}/Contacts/${c}/Attachments`;
      const form = new FormData();
      form.append("file", new Blob(["%PDF-1.4 bigin"], { type: "application/pdf" }), "offer.pdf");
      const uploaded = await sendForm(zoho, files, form);
      const empty = new FormData();
      empty.append("title", "nothing");
      await sendForm(zoho, files, empty);
      await send(zoho, "GET", files, { fields: "File_Name,Size,$type" });
      await send(zoho, "GET", `${p}/Contacts/1/Attachments`, { fields: "File_Name" });
      await send(zoho, "GET", `${files}/${idOf(uploaded)}`);
      await send(zoho, "GET", `${files}/1`);
      await send(zoho, "DELETE", `${files}/${idOf(uploaded)}`);
      await send(zoho, "DELETE", `${files}/${idOf(uploaded)}`);

      const add = `${p}/Contacts/actions/add_tags`;
      await send(zoho, "POST", add, {}, { tags: [{ name: "Hot", color_code: "#F17574" }], ids: [c] });
      await send(zoho, "POST", add, {}, { tags: [{ name: "Warm" }], ids: [c, "1"] });
      await send(zoho, "POST", add, {}, { tags: [{ name: "Cold" }], ids: [] });
      await send(zoho, "GET", `${p}/settings/tags`, { module: "Contacts" });
      await send(zoho, "GET", `${p}/settings/tags`, { module: "Nope" });
      const remove = `${p}/Contacts/actions/remove_tags`;
      await send(zoho, "POST", remove, { ids: c, tag_names: "Hot" });
      await send(zoho, "POST", remove, { tag_names: "Hot" });
    }
  }

  if (app === "crm") {
    // COQL: rows with a dotted lookup, 204, and each refusal the builder can meet
    for (const zoho of [withOrg, bare]) {
      const coql = (select_query: unknown) => send(zoho, "POST", `${p}/coql`, {}, { select_query });
      await send(zoho, "POST", `${p}/Leads`, {}, { data: [{ Last_Name: "O'Brien" }, { Last_Name: "Coql" }] });
      await coql(
        "select Last_Name, Owner.name from Leads where (Last_Name like 'O%' or Last_Name = 'Coql') order by id asc limit 0, 200",
      );
      await coql(
        "select id from Leads where ((id > 1 and Last_Name is not null) and Last_Name not in ('x', 'y'))",
      );
      await coql("select id from Leads where Last_Name = 'nobody'");
      await coql("select id from Leads limit 0, 2001");
      await coql("select id from Leads limit 99000, 2000");
      await coql("select id form Leads");
      await coql("select Not_A_Field from Leads");
      await coql("select id from Not_A_Module");
      await coql("");
    }
    const future = { "If-Modified-Since": "2099-01-01T00:00:00+00:00" };
    const auth = (zoho: MockGateway, extra: Record<string, string> = {}) => ({
      Authorization: `Bearer ${zoho.apiKey}`,
      ...extra,
    });
    const idOf = (answer: Answer) => answer.json.data[0].details.id as string;
    for (const zoho of [withOrg, bare]) {
      const [account] = zoho.store.add("Accounts", [{ Account_Name: "Conformance Account" }]);
      const a = account!.id;
      zoho.store.add("Contacts", [
        { Last_Name: "Related", Account_Name: { name: "Conformance Account", id: a } },
      ]);
      const [deal] = zoho.store.add("Deals", [{ Deal_Name: "Conformance Deal", Stage: "Qualification" }]);
      const [lead] = zoho.store.add("Leads", [
        { Last_Name: "Convert", Company: "Convert Co", Email: "convert@example.com" },
      ]);
      const l = lead!.id;

      // incremental reads and deleted records
      await send(zoho, "GET", `${p}/${module}`, { fields: "Email" }, undefined, auth(zoho, future));
      await send(
        zoho,
        "GET",
        `${p}/${module}`,
        { fields: "Email" },
        undefined,
        auth(zoho, { "If-Modified-Since": "yesterday" }),
      );
      await send(zoho, "GET", `${p}/${module}/deleted`);
      await send(zoho, "GET", `${p}/${module}/deleted`, { type: "recycle", per_page: "1" });
      await send(zoho, "GET", `${p}/${module}/deleted`, {}, undefined, auth(zoho, future));
      await send(zoho, "GET", `${p}/${module}/deleted`, { type: "nope" });
      await send(zoho, "GET", `${p}/Nope/deleted`);
      await send(zoho, "GET", `${p}/Accounts/deleted`);

      // related records
      await send(zoho, "GET", `${p}/settings/related_lists`, { module: "Accounts" });
      await send(zoho, "GET", `${p}/settings/related_lists`);
      await send(zoho, "GET", `${p}/settings/related_lists`, { module: "Nope" });
      await send(zoho, "GET", `${p}/Accounts/${a}/Contacts`, { fields: "Last_Name,Email" });
      await send(
        zoho,
        "GET",
        `${p}/Accounts/${a}/Contacts`,
        { fields: "Last_Name" },
        undefined,
        auth(zoho, future),
      );
      await send(zoho, "GET", `${p}/Accounts/${a}/Contacts`);
      await send(zoho, "GET", `${p}/Accounts/${a}/Nope`, { fields: "Last_Name" });
      await send(zoho, "GET", `${p}/Accounts/1/Contacts`, { fields: "Last_Name" });
      await send(zoho, "GET", `${p}/Accounts/${a}/Deals`, { fields: "Deal_Name" });
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals`, {}, { data: [{ id: deal!.id }] });
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals`, {}, { data: [{ id: deal!.id }, { id: "1" }] });
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals`, {}, { data: [] });
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals/${deal!.id}`, {}, { data: [{}] });
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals/1`);
      await send(zoho, "DELETE", `${p}/Accounts/${a}/Deals/${deal!.id}`);
      await send(zoho, "DELETE", `${p}/Accounts/${a}/Deals/${deal!.id}`);
      await send(zoho, "PUT", `${p}/Accounts/${a}/Deals`, {}, { data: [{ id: deal!.id }] });
      await send(zoho, "DELETE", `${p}/Accounts/${a}/Deals`, { ids: `${deal!.id},1` });
      await send(zoho, "DELETE", `${p}/Accounts/${a}/Deals`, { ids: deal!.id });
      await send(zoho, "DELETE", `${p}/Accounts/${a}/Deals`);

      // notes
      const note = await send(
        zoho,
        "POST",
        `${p}/Leads/${l}/Notes`,
        {},
        { data: [{ Note_Content: "First" }] },
      );
      await send(
        zoho,
        "POST",
        `${p}/Leads/${l}/Notes`,
        {},
        { data: [{ Note_Content: "ok" }, { Note_Title: "x" }] },
      );
      await send(zoho, "POST", `${p}/Leads/${l}/Notes`, {}, { data: [{ Note_Title: "no content" }] });
      await send(zoho, "POST", `${p}/Leads/1/Notes`, {}, { data: [{ Note_Content: "x" }] });
      await send(zoho, "GET", `${p}/Leads/${l}/Notes`, { fields: "Note_Title,Note_Content,Parent_Id,Owner" });
      await send(
        zoho,
        "GET",
        `${p}/Leads/${l}/Notes`,
        { fields: "Note_Content" },
        undefined,
        auth(zoho, future),
      );
      await send(zoho, "GET", `${p}/Leads/${l}/Notes`);
      const parent = { module: { api_name: "Leads" }, id: l };
      await send(
        zoho,
        "POST",
        `${p}/Notes`,
        {},
        { data: [{ Note_Content: "Via /Notes", Parent_Id: parent }] },
      );
      await send(zoho, "POST", `${p}/Notes`, {}, { data: [{ Note_Content: "No parent" }] });
      await send(zoho, "GET", `${p}/Notes`, { fields: "Note_Content,Parent_Id,Created_Time", per_page: "1" });
      await send(zoho, "GET", `${p}/Notes`, { fields: "Note_Content", ids: idOf(note) });
      await send(zoho, "GET", `${p}/Notes`);
      await send(zoho, "PUT", `${p}/Notes`, {}, { data: [{ id: idOf(note), Note_Content: "Changed" }] });
      await send(zoho, "PUT", `${p}/Notes`, {}, { data: [{ id: "1", Note_Content: "Nobody" }] });
      await send(zoho, "GET", `${p}/Notes/${idOf(note)}`);
      await send(
        zoho,
        "GET",
        `${p}/Notes/${idOf(note)}`,
        { fields: "Note_Content" },
        undefined,
        auth(zoho, future),
      );
      await send(zoho, "GET", `${p}/Notes/1`);
      await send(zoho, "GET", `${p}/Notes/${idOf(note)}`, {
        fields: Array.from({ length: 51 }, (_, i) => `F${i}`).join(","),
      });
      await send(zoho, "PUT", `${p}/Notes/${idOf(note)}`, {}, { data: [{ Note_Title: "Titled" }] });
      await send(zoho, "PUT", `${p}/Notes/1`, {}, { data: [{ Note_Title: "x" }] });
      const doomed = await send(
        zoho,
        "POST",
        `${p}/Leads/${l}/Notes`,
        {},
        { data: [{ Note_Content: "Doomed" }] },
      );
      await send(zoho, "DELETE", `${p}/Notes`, { ids: `${idOf(doomed)},1` });
      await send(zoho, "DELETE", `${p}/Notes`, { ids: "1" });
      await send(zoho, "DELETE", `${p}/Notes`);
      await send(zoho, "DELETE", `${p}/Notes/${idOf(note)}`);
      await send(zoho, "DELETE", `${p}/Notes/${idOf(note)}`);

      // attachments
      const files = `${p}/Leads/${l}/Attachments`;
      const form = (entries: [string, string | Blob, string?][]) => {
        const data = new FormData();
        for (const [name, value, fileName] of entries) {
          if (typeof value === "string") data.append(name, value);
          else data.append(name, value, fileName);
        }
        return data;
      };
      const pdf = new Blob(["%PDF-1.4 conformance"], { type: "application/pdf" });
      const uploaded = await sendForm(zoho, files, form([["file", pdf, 'offer "v2" ü.pdf']]));
      const linked = await sendForm(zoho, files, form([["attachmentUrl", "https://example.org/x"]]), {
        title: "X",
      });
      await sendForm(
        zoho,
        files,
        form([
          ["file", pdf, "a.pdf"],
          ["attachmentUrl", "https://example.org"],
        ]),
      );
      await sendForm(zoho, files, form([["title", "nothing"]]));
      await sendForm(zoho, `${p}/Leads/1/Attachments`, form([["file", pdf, "a.pdf"]]));
      await send(zoho, "POST", files, {}, { attachmentUrl: "https://example.org" });
      await send(zoho, "GET", files, {
        fields: "File_Name,Size,$type,$link_url,Parent_Id,Owner,Created_Time",
      });
      await send(zoho, "GET", files);
      await send(zoho, "GET", `${files}/${idOf(uploaded)}`);
      await send(zoho, "GET", `${files}/${idOf(linked)}`);
      await send(zoho, "GET", `${files}/1`);
      await send(zoho, "GET", `${p}/Leads/${l}/Attachments`, { fields: "File_Name" });
      await send(zoho, "GET", `${p}/Leads/${l}/Notes`, { fields: "Note_Content" });
      await send(zoho, "DELETE", `${files}/${idOf(linked)}`);
      await send(zoho, "DELETE", `${files}/${idOf(linked)}`);
      await send(zoho, "DELETE", files, { ids: `${idOf(uploaded)},1` });
      await send(zoho, "DELETE", files, { ids: "1" });
      await send(zoho, "DELETE", files);

      // tags
      await send(
        zoho,
        "POST",
        `${p}/Leads/actions/add_tags`,
        {},
        { tags: [{ name: "Hot", color_code: "#F17574" }], ids: [l] },
      );
      await send(
        zoho,
        "POST",
        `${p}/Leads/actions/add_tags`,
        {},
        { tags: [{ name: "Warm" }], ids: [l, "1"] },
      );
      await send(
        zoho,
        "POST",
        `${p}/Leads/actions/add_tags`,
        {},
        { tags: [{ name: "x".repeat(26) }], ids: [l] },
      );
      await send(
        zoho,
        "POST",
        `${p}/Leads/actions/add_tags`,
        {},
        { tags: [{ name: "Hot", color_code: "#969696" }], ids: [l] },
      );
      await send(zoho, "POST", `${p}/Leads/actions/add_tags`, {}, { tags: [{ name: "Cold" }], ids: ["1"] });
      await send(zoho, "GET", `${p}/settings/tags`, { module: "Leads" });
      await send(zoho, "GET", `${p}/settings/tags`);
      await send(zoho, "GET", `${p}/settings/tags`, { module: "Nope" });
      await send(zoho, "POST", `${p}/Leads/actions/remove_tags`, {}, { tags: [{ name: "Hot" }], ids: [l] });
      await send(zoho, "POST", `${p}/Leads/actions/remove_tags`, {}, { tags: [{ name: "Hot" }], ids: [] });

      await watchScenarios(send, zoho, p, "Leads");
      if (app === "crm") {
        await send(zoho, "GET", `${p}/Leads`, { ids: `${l},1`, fields: "Last_Name" });
        await send(zoho, "GET", `${p}/Leads`, { ids: "1", fields: "Last_Name" });
      }

      // lead conversion
      const convert = `${p}/Leads/${l}/actions/convert`;
      await send(zoho, "POST", convert, {}, { data: [{ Deals: { Deal_Name: "From lead" } }] });
      await send(
        zoho,
        "POST",
        convert,
        {},
        { data: [{ Deals: { Deal_Name: "From lead", Stage: "Qualification" } }] },
      );
      await send(zoho, "POST", convert, {}, { data: [{}] });
      await send(zoho, "POST", `${p}/Leads/1/actions/convert`, {}, { data: [{}] });
    }
    const tight = await start({ attachmentLimitBytes: 4 });
    const [lead] = tight.store.add("Leads", [{ Last_Name: "Tight" }]);
    await sendForm(
      tight,
      `${p}/Leads/${lead!.id}/Attachments`,
      (() => {
        const data = new FormData();
        data.append("file", new Blob(["too large"]), "big.txt");
        return data;
      })(),
    );
  }

  // Refused by the connection's scopes.
  const scoped = await start({ scopes: [app === "crm" ? "ZohoCRM.users.READ" : "ZohoBigin.users.READ"] });
  await send(scoped, "GET", `${p}/org`);
  await send(scoped, "GET", `${p}/settings/modules`);
  await send(scoped, "GET", `${p}/${module}`, { fields: "Email" });
  await send(scoped, "POST", `${p}/${module}`, {}, { data: [{ Last_Name: "x" }] });

  // Faults that answer in Zoho's shape, on every route.
  const faulty = await start({ seed: 11, faults: [{ kind: ["429", "500", "502", "503"] }] });
  const samples: [string, string][] = [
    ["GET", `${p}/org`],
    ["GET", `${p}/users`],
    ["GET", `${p}/settings/fields`],
    ["GET", `${p}/${module}`],
    ["POST", `${p}/${module}`],
    ["PUT", `${p}/${module}`],
    ["DELETE", `${p}/${module}`],
    ["POST", `${p}/${module}/upsert`],
    ["GET", `${p}/${module}/search`],
    ["GET", `${p}/${module}/actions/count`],
  ];
  for (let round = 0; round < 4; round++) {
    for (const [method, path] of samples)
      await send(
        faulty,
        method,
        path,
        {},
        method === "GET" || method === "DELETE" ? undefined : { data: [] },
      );
  }

  // Bulk read jobs (CRM): created, polled until COMPLETED, downloaded; unknown jobs and modules.
  if (app === "crm") {
    const bulk = await start({ bulkRead: { perPage: 2 } });
    bulk.store.generate("Leads", 3);
    const job = await send(
      bulk,
      "POST",
      `${BULK}read`,
      {},
      {
        query: { module: { api_name: "Leads" }, fields: ["Last_Name", "Owner"] },
        file_type: "csv",
      },
    );
    const jobId = job.json.data[0].details.id as string;
    await send(bulk, "POST", `${BULK}read`, {}, { query: { module: { api_name: "Nope" } } });
    await send(bulk, "GET", `${BULK}read/${jobId}/result`);
    await send(bulk, "GET", `${BULK}read/${jobId}`);
    await send(bulk, "GET", `${BULK}read/${jobId}`);
    await send(bulk, "GET", `${BULK}read/${jobId}/result`);
    await send(bulk, "GET", `${BULK}read/1`);
    await send(bulk, "GET", `${BULK}read/1/result`);
    const failing = await start({ bulkRead: { failJobs: true, pollsToComplete: 1 } });
    const failed = await send(
      failing,
      "POST",
      `${BULK}read`,
      {},
      { query: { module: { api_name: "Leads" } } },
    );
    await send(failing, "GET", `${BULK}read/${failed.json.data[0].details.id}`);
  }

  // Maton's connection API.
  const maton = withOrg;
  const created = await send(maton, "POST", "/connections", {}, { app: `zoho-${app}` });
  await send(maton, "POST", "/connections", {}, { app: "Not An App" });
  await send(maton, "GET", "/connections");
  await send(maton, "GET", "/connections", { app: `zoho-${app}`, status: "PENDING" });
  await send(maton, "GET", "/connections", { status: "SOMETIMES" });
  await send(maton, "GET", "/connections", {}, undefined, { Authorization: "Bearer nope" });
  await send(maton, "GET", `/connections/${created.json.connection_id}`);
  await send(maton, "GET", "/connections/00000000-0000-4000-8000-000000000000");
  await send(maton, "DELETE", `/connections/${created.json.connection_id}`);
  await send(maton, "DELETE", `/connections/${created.json.connection_id}`);
  const matonFaults = await start({
    seed: 3,
    faults: [{ kind: ["429", "500", "503"], match: "/connections/**" }],
  });
  for (let i = 0; i < 6; i++) await send(matonFaults, "GET", "/connections");
  return exchanges;
}

/** What does not fit the spec in one route's exchanges (the route's own mapping to the spec first). */
function routeProblems(spec: Spec, app: App, route: Route, exchanges: Exchange[]): string[] {
  const operation = spec.operation(route.operation);
  if (!operation) return [`the spec has no operation ${route.operation}`];
  const full = route.path.startsWith("/connections")
    ? route.path
    : route.path.startsWith("/bulk/")
      ? `/crm${route.path}`
      : `${PREFIX[app]}${route.path}`;
  const ours = full.split("/");
  const theirs = operation.path.split("/");
  const param = (s: string) => /^\{.+\}$/.test(s);
  const same =
    operation.method === route.method &&
    ours.length === theirs.length &&
    ours.every((segment, i) => (param(segment) ? param(theirs[i]!) : segment === theirs[i]));
  if (!same)
    return [
      `${route.operation} is ${operation.method} ${operation.path} in the spec, not ${route.method} ${full}`,
    ];
  return exchanges.flatMap((exchange) =>
    spec
      .problems(operation, exchange.status, exchange.body, exchange.contentType)
      .map((problem) => `${exchange.request} -> ${exchange.status}: ${problem}`),
  );
}

/** Watch channels: enable (all, a mix, all failed), list, replace, patch (events removed, unknown channel), disable. */
type Send = (
  zoho: MockGateway,
  method: string,
  path: string,
  query?: Record<string, string>,
  body?: unknown,
) => Promise<unknown>;

async function watchScenarios(send: Send, zoho: MockGateway, p: string, module: string) {
  const watch = `${p}/actions/watch`;
  const channel = {
    channel_id: "1000000068001",
    events: [`${module}.all`],
    notify_url: "https://example.com/zoho",
    token: "conformance-token",
    channel_expiry: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
  };
  await send(zoho, "GET", watch);
  await send(zoho, "POST", watch, {}, { watch: [channel] });
  await send(zoho, "POST", watch, {}, { watch: [{ ...channel, channel_id: "2" }, { channel_id: "3" }] });
  await send(
    zoho,
    "POST",
    watch,
    {},
    { watch: [{ channel_id: "3", events: ["Nope.create"], notify_url: "https://x.io" }] },
  );
  await send(zoho, "GET", watch);
  await send(zoho, "GET", watch, { channel_id: "1000000068001" });
  await send(zoho, "GET", watch, { channel_id: "abc" });
  for (const method of ["POST", "PUT", "PATCH"]) await send(zoho, method, watch, {}, { watch: [] });
  await send(zoho, "PUT", watch, {}, { watch: [{ ...channel, channel_id: "9" }] });
  await send(
    zoho,
    "PUT",
    watch,
    {},
    { watch: [{ ...channel, events: [`${module}.create`, `${module}.edit`] }] },
  );
  await send(
    zoho,
    "PATCH",
    watch,
    {},
    { watch: [{ channel_id: "1000000068001", events: [`${module}.edit`], _delete_events: true }] },
  );
  await send(zoho, "PATCH", watch, {}, { watch: [{ channel_id: "9", notify_url: "https://x.io" }] });
  await send(zoho, "DELETE", watch, { channel_ids: "2" });
  await send(zoho, "DELETE", watch, { channel_ids: "1000000068001,2,9" });
  await send(zoho, "DELETE", watch, { channel_ids: "9" });
  await send(zoho, "DELETE", watch);
}

for (const app of ["crm", "bigin"] as const) {
  describe(`every answer of the ${app} mock is one specs/bundled documents`, () => {
    let exchanges: Exchange[] = [];
    const zohoSpec = loadSpec(app === "crm" ? "zoho-crm.v8" : "zoho-bigin.v2");
    const matonSpec = loadSpec("maton");
    beforeAll(async () => {
      exchanges = await runSuite(app);
    }, 60_000);

    const routes = [...GATEWAY_ROUTES, ...MATON_ROUTES].filter(
      (route) => !route.apps || route.apps.includes(app),
    );
    for (const route of routes) {
      it(`${route.method} ${route.path} (${route.operation})`, () => {
        const mine = exchanges.filter((exchange) => exchange.route === route);
        const spec = MATON_ROUTES.includes(route) ? matonSpec : zohoSpec;
        expect(routeProblems(spec, app, route, mine)).toEqual([]);
        // The suite reaches the route with a success and with an error of the client's making.
        expect(
          mine.some((e) => e.status >= 200 && e.status < 300),
          "a 2xx answer",
        ).toBe(true);
        expect(
          mine.some((e) => e.status >= 400 && e.status < 500 && e.status !== 429),
          "a 4xx answer",
        ).toBe(true);
      });
    }

    it("answers that no route served (unknown paths) are Zoho errors", () => {
      const unrouted = exchanges.filter((exchange) => exchange.route === undefined);
      expect(unrouted.length).toBeGreaterThan(1);
      const problems = unrouted.flatMap((exchange) =>
        zohoSpec
          .errorProblems(exchange.body)
          .map((problem) => `${exchange.request} -> ${exchange.status}: ${problem}`),
      );
      expect(problems).toEqual([]);
    });
  });
}
