import { describe, expect, it } from "vitest";
import { expectOk, expectSpecViolation, raw } from "./raw-prism.js";

const WATCH = "/crm/v8/actions/watch";
const channel = {
  channel_id: "1000000068001",
  events: ["Leads.create", "Leads.edit", "Deals.all"],
  notify_url: "https://example.org/zoho/notify?tenant=7",
  token: "TOKEN_FOR_VERIFICATION_OF_1000000068001",
  channel_expiry: "2026-05-15T12:54:51+03:00",
  return_affected_field_values: true,
  notify_on_related_action: false,
};

describe("notification channels through raw against Prism (not taken for a record of a module named actions)", () => {
  it("enables, lists, replaces, patches and disables channels", async () => {
    const enabled = await raw().POST(WATCH, { body: { watch: [channel] } });
    expectOk(enabled);
    expect(enabled.data?.watch[0]?.status).toBe("success");
    const listed = await raw().GET(WATCH, {
      params: { query: { module: "Leads", channel_id: "1000000068001" } },
    });
    expectOk(listed);
    expect(listed.data?.watch[0]?.events).toContain("Leads.all");
    expectOk(await raw().PUT(WATCH, { body: { watch: [{ ...channel, channel_id: 1000000068001 }] } }));
    expectOk(
      await raw().PATCH(WATCH, {
        body: { watch: [{ channel_id: "1000000068001", events: ["Leads.edit"], _delete_events: true }] },
      }),
    );
    expectOk(
      await raw().DELETE(WATCH, { params: { query: { channel_ids: "1000000068001,1000000068002" } } }),
    );
  });

  it("refuses channels that break the API", async () => {
    const enable = (watch: unknown) => raw().POST(WATCH, { body: { watch } as never });
    // channel_id, events and notify_url are mandatory
    const { notify_url: _url, ...noUrl } = channel;
    await expectSpecViolation(enable([noUrl]));
    // an event is Module.create|edit|delete|all
    await expectSpecViolation(enable([{ ...channel, events: ["Leads.update"] }]));
    // the token has at most 50 characters; the channel id is digits
    await expectSpecViolation(enable([{ ...channel, token: "t".repeat(51) }]));
    await expectSpecViolation(enable([{ ...channel, channel_id: "channel-1" }]));
    // a patch names its channel and changes something
    await expectSpecViolation(raw().PATCH(WATCH, { body: { watch: [{ channel_id: "1000000068001" }] } }));
    // disabling needs channel_ids
    await expectSpecViolation(raw().DELETE(WATCH, { params: { query: {} as never } }));
  });
});
