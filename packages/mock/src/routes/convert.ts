/**
 * Lead conversion: the lead becomes a contact and an account (or is merged into the ones named), and a deal when
 * one is asked for; the lead is marked converted, and a second conversion answers ID_ALREADY_CONVERTED.
 */

import { type Reply, zohoError } from "../errors.js";
import type { GatewayState, RouteContext } from "../router.js";
import type { MockRecord } from "../store.js";
import { checkInput } from "../validate.js";
import { isObject, zohoTime } from "../values.js";
import { findModule } from "./shared.js";

const ref = (record: MockRecord, name: unknown) => ({
  name: typeof name === "string" ? name : null,
  id: record.id,
});

function insert(state: GatewayState, module: string, values: Record<string, unknown>): MockRecord {
  const now = zohoTime(Date.now());
  const user = state.org.currentUser();
  const record: MockRecord = {
    Owner: { ...user },
    ...values,
    id: state.store.newId(),
    Created_Time: now,
    Modified_Time: now,
    Created_By: { ...user },
    Modified_By: { ...user },
  };
  state.store.insert(module, record);
  return record;
}

const fieldError = (status: number, code: string, message: string, field: string) =>
  ({
    status,
    body: {
      data: [
        { code, details: { api_name: field, json_path: `$.data[0].${field}` }, message, status: "error" },
      ],
    },
  }) satisfies Reply;

/** POST /Leads/{lead_id}/actions/convert */
export function convertLead(ctx: RouteContext): Reply {
  const { state } = ctx;
  const lead = state.store.get("Leads", ctx.params.lead_id!);
  if (!lead)
    return zohoError(400, "INVALID_DATA", "the id given seems to be invalid", { resource_path_index: 1 });
  if (lead.Converted__s === true) {
    return zohoError(400, "ID_ALREADY_CONVERTED", "id already converted", { resource_path_index: 1 });
  }
  const data = isObject(ctx.body) && Array.isArray(ctx.body.data) ? ctx.body.data : undefined;
  if (data?.length !== 1 || !isObject(data[0])) {
    return zohoError(400, "INVALID_DATA", "either the request body or parameters is in wrong format");
  }
  const input = data[0];
  const existing = (module: "Accounts" | "Contacts") => {
    const given = input[module];
    if (given === undefined) return undefined;
    const id = isObject(given) ? given.id : undefined;
    return typeof id === "string" ? (state.store.get(module, id) ?? null) : null;
  };
  const account = existing("Accounts");
  if (account === null) return fieldError(400, "INVALID_DATA", "invalid data", "Accounts");
  const contactGiven = existing("Contacts");
  if (contactGiven === null) return fieldError(400, "INVALID_DATA", "invalid data", "Contacts");
  let dealValues: Record<string, unknown> | undefined;
  if (input.Deals !== undefined) {
    if (!isObject(input.Deals)) return fieldError(400, "INVALID_DATA", "invalid data", "Deals");
    for (const field of ["Deal_Name", "Stage"]) {
      if (typeof input.Deals[field] !== "string" || input.Deals[field] === "") {
        return fieldError(400, "MANDATORY_NOT_FOUND", "required field not found", `Deals.${field}`);
      }
    }
    const deals = findModule(state, "Deals");
    if (deals) {
      const checked = checkInput(deals, input.Deals, 0, true);
      if (checked.error) return { status: 400, body: { data: [checked.error] } };
      dealValues = checked.values;
    } else {
      dealValues = { ...input.Deals };
    }
  }
  const company =
    typeof lead.Company === "string" && lead.Company !== "" ? lead.Company : `${lead.Last_Name} account`;
  const accountRecord = account ?? insert(state, "Accounts", { Account_Name: company });
  const contactRecord =
    contactGiven ??
    insert(state, "Contacts", {
      First_Name: lead.First_Name ?? null,
      Last_Name: lead.Last_Name ?? "Converted lead",
      Email: lead.Email ?? null,
      Account_Name: ref(accountRecord, accountRecord.Account_Name),
    });
  const dealRecord = dealValues
    ? insert(state, "Deals", { ...dealValues, Account_Name: ref(accountRecord, accountRecord.Account_Name) })
    : undefined;
  state.store.change("Leads", lead, { Converted__s: true, Converted_Date_Time: zohoTime(Date.now()) });
  const name = (record: MockRecord) =>
    [record.First_Name, record.Last_Name].filter((part) => typeof part === "string").join(" ") || null;
  return {
    status: 200,
    body: {
      data: [
        {
          code: "SUCCESS",
          details: {
            Contacts: ref(contactRecord, name(contactRecord)),
            Accounts: ref(accountRecord, accountRecord.Account_Name),
            Deals: dealRecord ? ref(dealRecord, dealRecord.Deal_Name) : null,
          },
          message: "Successfully converted",
          status: "success",
        },
      ],
    },
  };
}
