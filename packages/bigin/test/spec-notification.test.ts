/**
 * The notification Bigin POSTs to a watch channel's notify_url (the spec's `webhooks.biginNotification`). The bodies
 * are ours, in the shape of Zoho's documented notification payload (server_time, query_params, module, resource_uri,
 * ids, affected_fields, affected_values, operation, channel_id, token); no recorded Bigin callback was found.
 */
import { describe, expect, it } from "vitest";
import { validateBody, webhookBodySchema } from "./spec-lookup.js";

const schema = webhookBodySchema("biginNotification");

const created = {
  server_time: 1788678000123,
  query_params: {},
  module: "Contacts",
  resource_uri: "https://www.zohoapis.com/bigin/v1/Contacts",
  ids: ["5725767000000412091"],
  operation: "insert",
  channel_id: "40417",
  token: "hl-7f3a9c2e",
};

describe("the notification payload in the spec", () => {
  it("accepts an insert, an update with affected fields and values, a delete, and a numeric channel id", () => {
    expect(validateBody(schema, created)).toEqual([]);
    const updated = {
      ...created,
      module: "Pipelines",
      ids: ["5725767000000420101"],
      operation: "update",
      affected_fields: [{ "5725767000000420101": ["Stage", "Amount"] }],
      affected_values: [{ record_id: "5725767000000420101", values: { Stage: "Closed Won", Amount: 18400 } }],
    };
    expect(validateBody(schema, updated)).toEqual([]);
    expect(validateBody(schema, { ...created, operation: "delete", token: null })).toEqual([]);
    expect(validateBody(schema, { ...created, channel_id: 40417 })).toEqual([]);
  });

  it("refuses a payload without module, with an unknown operation, or with ids that are not Zoho ids", () => {
    const { module: _, ...withoutModule } = created;
    expect(validateBody(schema, withoutModule)).not.toEqual([]);
    expect(validateBody(schema, { ...created, operation: "merge" })).not.toEqual([]);
    expect(validateBody(schema, { ...created, ids: ["abc"] })).not.toEqual([]);
  });
});
