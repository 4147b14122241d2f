/**
 * The callback Zoho POSTs to a channel's notify_url is described as the `zohoNotification` webhook of
 * specs/zoho-crm.v8.yaml: its generated type is the NotificationCallback schema, and the schema accepts the payloads
 * Zoho documents (single and batched records, affected fields and values, numeric or string channel ids) and refuses
 * what is not one.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import type { components, webhooks } from "../src/generated/zoho-crm.js";

type Callback = components["schemas"]["NotificationCallback"];
const spec = parse(readFileSync(new URL("../../../specs/bundled/zoho-crm.v8.yaml", import.meta.url), "utf8"));

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, "crm");
const validate = ajv.compile({ $ref: "crm#/components/schemas/NotificationCallback" });
const errorsOf = (payload: unknown) =>
  validate(payload) ? [] : (validate.errors ?? []).map((e) => e.message);

const update = {
  server_time: 1747216491000,
  query_params: { tenant: "7" },
  module: "Leads",
  resource_uri: "https://www.zohoapis.com/crm/v8/Leads",
  ids: ["7328395000000680100"],
  affected_fields: [{ "7328395000000680100": ["Lead_Status", "Email"] }],
  operation: "update",
  channel_id: "1000000068001",
  token: "TOKEN_FOR_VERIFICATION_OF_1000000068001",
};

describe("the notification callback (webhook zohoNotification)", () => {
  it("is typed from the NotificationCallback schema", () => {
    type Body = webhooks["zohoNotification"]["post"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Body>().toEqualTypeOf<Callback>();
    expectTypeOf<Callback["operation"]>().toEqualTypeOf<"insert" | "update" | "delete">();
    expectTypeOf<Callback["ids"]>().toEqualTypeOf<string[]>();
  });

  it("accepts the payloads Zoho documents", () => {
    expect(spec.webhooks.zohoNotification.post.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/NotificationCallback",
    );
    expect(errorsOf(update)).toEqual([]);
    const batchedInsert = {
      ...update,
      operation: "insert",
      ids: ["5725767000003000010", "5725767000003000020"],
      affected_fields: [],
      affected_values: [
        { record_id: "5725767000003000010", values: { Stage: "Qualification" } },
        { record_id: "5725767000003000020", values: { Stage: "Closed Won" } },
      ],
    };
    expect(errorsOf(batchedInsert)).toEqual([]);
    const deleteWithoutToken = {
      ...update,
      operation: "delete",
      affected_fields: [],
      token: null,
      channel_id: 1000000068001,
    };
    expect(errorsOf(deleteWithoutToken)).toEqual([]);
    expect(errorsOf({ ...update, new_key_zoho_adds: true })).toEqual([]);
  });

  it("refuses what is not a Zoho notification", () => {
    const { ids: _ids, ...withoutIds } = update;
    expect(errorsOf(withoutIds)).not.toEqual([]);
    expect(errorsOf({ ...update, operation: "upsert" })).not.toEqual([]);
    expect(errorsOf({ ...update, ids: ["not-an-id"] })).not.toEqual([]);
    expect(errorsOf({ ...update, server_time: "yesterday" })).not.toEqual([]);
  });
});
