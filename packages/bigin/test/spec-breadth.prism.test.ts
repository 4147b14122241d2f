/**
 * The Bigin groups beyond records (related lists, notes, attachments, tags, notifications, module metadata), called
 * through the client's typed `raw` against the Prism mock of specs/bundled/zoho-bigin.v2.yaml. For every operation a
 * valid request gets a 2xx and a deliberately invalid one gets Prism's 422 (strictPrismFetch turns it into a
 * SpecViolation), which proves the spec is strict. A few requests prove that concrete segments (Notes, Attachments,
 * Pipelines, actions/..., settings/modules) win over the `{related_list_api_name}` template.
 */
import { SpecViolation, strictPrismFetch } from "@zohokit/testkit";
import { describe, expect, inject, it } from "vitest";
import { createBiginClient } from "../src/index.js";

const CONTACT = "5725767000000412055";
const PRODUCT = "5725767000000430011";
const PIPELINE = "5725767000000420101";
const TEAM_PIPELINE = "5725767000000091101";
const NOTE = "5725767000000455003";
const ATTACHMENT = "5725767000000466021";

function raw(prefer?: string) {
  return createBiginClient({
    apiKey: "mk_prism_bigin_breadth_0123",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  }).raw;
}

/** Resolves when Prism refused the request as breaking the spec (a 422); fails the test otherwise. */
async function refused(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(SpecViolation);
}

const contact = { module_api_name: "Contacts", record_id: CONTACT };

describe("related lists", () => {
  const path = { ...contact, related_list_api_name: "Products" };

  it("lists related records (fields required)", async () => {
    const { data, response } = await raw().GET(
      "/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}",
      {
        params: { path, query: { fields: "Product_Name,Unit_Price", per_page: 50 } },
      },
    );
    expect(response.status).toBe(200);
    expect(data?.data[0]?.id).toMatch(/^\d+$/);
    await refused(
      raw().GET("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", {
        params: { path, query: {} as never },
      }),
    );
  });

  it("links many records (1 to 100 items with ids) and unlinks many (ids)", async () => {
    const linked = await raw().PUT("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", {
      params: { path },
      body: { data: [{ id: PRODUCT }, { id: "5725767000000430017" }] },
    });
    expect(linked.data?.data[0]?.message).toMatch(/relation/);
    await refused(
      raw().PUT("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", {
        params: { path },
        body: { data: [{ Product_Name: "no id" }] } as never,
      }),
    );
    const unlinked = await raw().DELETE("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", {
      params: { path, query: { ids: `${PRODUCT},5725767000000430017` } },
    });
    expect(unlinked.response.status).toBe(200);
    await refused(
      raw().DELETE("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}", {
        params: { path, query: { ids: "not-ids" } },
      }),
    );
  });

  it("links and unlinks one record named in the path", async () => {
    const one = { ...path, related_record_id: PRODUCT };
    const at = "/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}/{related_record_id}" as const;
    const linked = await raw().PUT(at, { params: { path: one }, body: { data: [{}] } });
    expect(linked.data?.data[0]?.code).toBe("SUCCESS");
    await refused(raw().PUT(at, { params: { path: one }, body: { data: [] } as never }));
    const unlinked = await raw().DELETE(at, { params: { path: one } });
    expect(unlinked.data?.data[0]?.status).toBe("success");
    await refused(raw().DELETE(at, { params: { path: { ...one, related_record_id: "abc" } } }));
  });

  it("lists a contact's deals per Team Pipeline: the concrete Pipelines path wins and needs pipeline_id", async () => {
    const { data } = await raw().GET("/bigin/v2/{module_api_name}/{record_id}/Pipelines", {
      params: { path: contact, query: { pipeline_id: TEAM_PIPELINE, fields: "Deal_Name,Stage" } },
    });
    expect(data?.data).toBeDefined();
    // The generic related-list operation would accept this request; the Pipelines one refuses it.
    await refused(
      raw().GET("/bigin/v2/{module_api_name}/{record_id}/Pipelines", {
        params: { path: contact, query: { fields: "Deal_Name" } as never },
      }),
    );
  });

  it("reads the related-lists metadata of a module", async () => {
    const { data } = await raw().GET("/bigin/v2/settings/related_lists", {
      params: { query: { module: "Contacts" } },
    });
    expect(data?.related_lists.some((list) => list.api_name === "Products")).toBe(true);
    await refused(raw().GET("/bigin/v2/settings/related_lists", { params: { query: {} as never } }));
  });
});

describe("notes", () => {
  it("lists, adds, updates and deletes notes of every record", async () => {
    const listed = await raw().GET("/bigin/v2/Notes", {
      params: { query: { fields: "Note_Title,Note_Content" } },
    });
    expect(listed.data?.data[0]?.Note_Content).toBeDefined();
    await refused(raw().GET("/bigin/v2/Notes", { params: { query: {} as never } }));

    const created = await raw().POST("/bigin/v2/Notes", {
      body: { data: [{ Note_Content: "Wants a quote.", Parent_Id: CONTACT, se_module: "Contacts" }] },
    });
    expect(created.response.status).toBe(201);
    await refused(raw().POST("/bigin/v2/Notes", { body: { data: [{ Note_Title: "no content" }] } as never }));

    const updated = await raw().PUT("/bigin/v2/Notes", {
      body: { data: [{ id: NOTE, Note_Title: "Revised" }] },
    });
    expect(updated.response.status).toBe(200);
    await refused(raw().PUT("/bigin/v2/Notes", { body: { data: [{ Note_Title: "no id" }] } as never }));

    const deleted = await raw().DELETE("/bigin/v2/Notes", { params: { query: { ids: NOTE } } });
    expect(deleted.response.status).toBe(200);
    await refused(raw().DELETE("/bigin/v2/Notes", { params: { query: {} as never } }));
  });

  it("lists and adds the notes of one record (the concrete Notes segment wins)", async () => {
    const listed = await raw().GET("/bigin/v2/{module_api_name}/{record_id}/Notes", {
      params: { path: contact, query: { fields: "Note_Title,Note_Content" } },
    });
    expect(listed.data?.data[0]?.Note_Content).toBeDefined(); // the notes example, not a related-list one
    await refused(
      raw().GET("/bigin/v2/{module_api_name}/{record_id}/Notes", {
        params: { path: { ...contact, record_id: "not-an-id" }, query: { fields: "Note_Title" } },
      }),
    );
    const created = await raw().POST("/bigin/v2/{module_api_name}/{record_id}/Notes", {
      params: { path: contact },
      body: { data: [{ Note_Content: "Site visit done." }] },
    });
    expect(created.response.status).toBe(201);
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/{record_id}/Notes", {
        params: { path: contact },
        body: { data: [{ Note_Content: "" }] },
      }),
    );
  });

  it("updates and deletes one note of a record", async () => {
    const path = { ...contact, note_id: NOTE };
    const at = "/bigin/v2/{module_api_name}/{record_id}/Notes/{note_id}" as const;
    const updated = await raw().PUT(at, {
      params: { path },
      body: { data: [{ Note_Content: "Quote sent." }] },
    });
    expect(updated.data?.data[0]?.status).toBe("success");
    await refused(raw().PUT(at, { params: { path }, body: { data: [{}, {}] } as never }));
    const deleted = await raw().DELETE(at, { params: { path } });
    expect(deleted.response.status).toBe(200);
    await refused(raw().DELETE(at, { params: { path: { ...path, note_id: "x" } } }));
  });

  it("says on a 401 which scope notes need", async () => {
    const { error, response } = await raw("code=401").GET("/bigin/v2/Notes", {
      params: { query: { fields: "Note_Title" } },
    });
    expect(response.status).toBe(401);
    expect(error?.code).toBe("OAUTH_SCOPE_MISMATCH");
  });
});

describe("attachments", () => {
  const deal = { module_api_name: "Pipelines", record_id: PIPELINE };

  it("lists the attachments of a record (the concrete Attachments segment wins)", async () => {
    const { data } = await raw().GET("/bigin/v2/{module_api_name}/{record_id}/Attachments", {
      params: { path: deal, query: { fields: "File_Name,Size,$type" } },
    });
    expect(data?.data[0]?.File_Name).toBeDefined(); // the attachments example
    await refused(
      raw().GET("/bigin/v2/{module_api_name}/{record_id}/Attachments", {
        params: { path: deal, query: {} as never },
      }),
    );
  });

  it("uploads a file or a link as multipart/form-data, and refuses both at once", async () => {
    const file = new FormData();
    file.append("file", new Blob(["%PDF-1.4 quote"], { type: "application/pdf" }), "quote.pdf");
    const uploaded = await raw().POST("/bigin/v2/{module_api_name}/{record_id}/Attachments", {
      params: { path: deal },
      body: file as never,
    });
    expect(uploaded.data?.data[0]?.code).toBe("SUCCESS");

    const link = new FormData();
    link.append("attachmentUrl", "https://files.harborlane.example/drawings/showroom.pdf");
    const linked = await raw().POST("/bigin/v2/{module_api_name}/{record_id}/Attachments", {
      params: { path: deal },
      body: link as never,
    });
    expect(linked.response.status).toBe(200);

    const both = new FormData();
    both.append("file", new Blob(["x"]), "x.txt");
    both.append("attachmentUrl", "https://files.harborlane.example/x");
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/{record_id}/Attachments", {
        params: { path: deal },
        body: both as never,
      }),
    );
  });

  it("downloads an attachment as bytes and deletes it", async () => {
    const path = { ...deal, attachment_id: ATTACHMENT };
    const at = "/bigin/v2/{module_api_name}/{record_id}/Attachments/{attachment_id}" as const;
    // Not through `raw`: core's transport accepts only JSON answers today, and a download is bytes of any type.
    // The client helper needs a binary path; the spec side (any type, `Accept: */*`) is what this checks.
    const download = (id: string) =>
      strictPrismFetch()(`${inject("prismUrl")}/bigin/v2/Pipelines/${PIPELINE}/Attachments/${id}`, {
        headers: { Accept: "*/*", Authorization: "Bearer mk_prism_bigin_breadth_0123" },
      });
    const downloaded = await download(ATTACHMENT);
    expect(downloaded.status).toBe(200);
    expect((await downloaded.arrayBuffer()).byteLength).toBeGreaterThan(0);
    await refused(download("x"));
    const deleted = await raw().DELETE(at, { params: { path } });
    expect(deleted.data?.data[0]?.message).toBe("record deleted");
    await refused(raw().DELETE(at, { params: { path: { ...path, record_id: "x" } } }));
  });
});

describe("tags", () => {
  it("lists the tags of a module", async () => {
    const { data } = await raw().GET("/bigin/v2/settings/tags", {
      params: { query: { module: "Pipelines" } },
    });
    expect(data?.tags[0]?.name).toBeDefined();
    await refused(raw().GET("/bigin/v2/settings/tags", { params: { query: { module: "not a module" } } }));
  });

  it("adds tags to many records and to one (concrete actions/add_tags wins)", async () => {
    const many = await raw().POST("/bigin/v2/{module_api_name}/actions/add_tags", {
      params: { path: { module_api_name: "Pipelines" } },
      body: { tags: [{ name: "Hot lead" }], ids: [PIPELINE, "5725767000000420107"], over_write: false },
    });
    expect(many.data?.data).toHaveLength(2);
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/actions/add_tags", {
        params: { path: { module_api_name: "Pipelines" } },
        body: { tags: [], ids: [PIPELINE] },
      }),
    );
    const one = await raw().POST("/bigin/v2/{module_api_name}/{record_id}/actions/add_tags", {
      params: { path: { module_api_name: "Pipelines", record_id: PIPELINE } },
      body: { tags: [{ name: "Renewal", color_code: "#F17574" }] },
    });
    expect(one.response.status).toBe(200);
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/{record_id}/actions/add_tags", {
        params: { path: { module_api_name: "Pipelines", record_id: PIPELINE } },
        body: { tags: [{ name: "Renewal", color_code: "red" }] },
      }),
    );
  });

  it("removes tags from many records and from one", async () => {
    const many = await raw().POST("/bigin/v2/{module_api_name}/actions/remove_tags", {
      params: {
        path: { module_api_name: "Pipelines" },
        query: { ids: PIPELINE, tag_names: "Hot lead,Renewal" },
      },
    });
    expect(many.response.status).toBe(200);
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/actions/remove_tags", {
        params: { path: { module_api_name: "Pipelines" }, query: { ids: PIPELINE } as never },
      }),
    );
    const one = await raw().POST("/bigin/v2/{module_api_name}/{record_id}/actions/remove_tags", {
      params: {
        path: { module_api_name: "Pipelines", record_id: PIPELINE },
        query: { tag_names: "Renewal" },
      },
    });
    expect(one.response.status).toBe(200);
    await refused(
      raw().POST("/bigin/v2/{module_api_name}/{record_id}/actions/remove_tags", {
        params: { path: { module_api_name: "Pipelines", record_id: PIPELINE }, query: { tag_names: ",," } },
      }),
    );
  });
});

describe("notifications (actions/watch)", () => {
  const channel = {
    channel_id: "1700000000123",
    events: ["Pipelines.create", "Pipelines.edit"],
    notify_url: "https://hooks.harborlane.example/bigin",
    token: "hl-7f3a9c2e",
    channel_expiry: "2026-09-06T09:00:00+02:00",
  };

  it("enables channels (201) and refuses one without notify_url or with a bad event", async () => {
    const { data, response } = await raw().POST("/bigin/v2/actions/watch", { body: { watch: [channel] } });
    expect(response.status).toBe(201);
    expect(data?.watch[0]?.details.events?.[0]?.resource_name).toBeDefined();
    const { notify_url: _, ...withoutUrl } = channel;
    await refused(raw().POST("/bigin/v2/actions/watch", { body: { watch: [withoutUrl] } as never }));
    await refused(
      raw().POST("/bigin/v2/actions/watch", {
        body: { watch: [{ ...channel, events: ["Pipelines.moved"] }] },
      }),
    );
  });

  it("lists, updates, stops events of and disables channels", async () => {
    const listed = await raw().GET("/bigin/v2/actions/watch", { params: { query: { module: "Pipelines" } } });
    expect(listed.data?.watch[0]?.channel_id).toBeDefined();
    await refused(raw().GET("/bigin/v2/actions/watch", { params: { query: { per_page: 500 } } }));

    const renewed = await raw().PUT("/bigin/v2/actions/watch", {
      body: { watch: [{ ...channel, channel_expiry: "2026-09-07T09:00:00+02:00" }] },
    });
    expect(renewed.response.status).toBe(200);
    await refused(
      raw().PUT("/bigin/v2/actions/watch", { body: { watch: [{ ...channel, token: "t".repeat(51) }] } }),
    );

    const stopped = await raw().PATCH("/bigin/v2/actions/watch", {
      body: { watch: [{ channel_id: channel.channel_id, events: ["Pipelines.edit"], _delete_events: true }] },
    });
    expect(stopped.response.status).toBe(200);
    await refused(
      raw().PATCH("/bigin/v2/actions/watch", {
        body: {
          watch: [{ channel_id: channel.channel_id, events: ["Pipelines.edit"], _delete_events: false }],
        } as never,
      }),
    );

    const disabled = await raw().DELETE("/bigin/v2/actions/watch", {
      params: { query: { channel_ids: "1700000000123,1700000000124" } },
    });
    expect(disabled.data?.watch[0]?.code).toBe("SUCCESS");
    await refused(raw().DELETE("/bigin/v2/actions/watch", { params: { query: {} as never } }));
  });
});

describe("module metadata", () => {
  it("reads one module (settings/modules/{api_name} wins over the related-list template)", async () => {
    const { data } = await raw().GET("/bigin/v2/settings/modules/{module_api_name}", {
      params: { path: { module_api_name: "Pipelines" } },
    });
    expect(data?.modules[0]?.api_name).toBe("Pipelines");
    await refused(
      raw().GET("/bigin/v2/settings/modules/{module_api_name}", {
        params: { path: { module_api_name: "9lives" } },
      }),
    );
  });
});
