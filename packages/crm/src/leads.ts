import { ApiError, type CreateOf } from "@zohokit/core";
import {
  assertBoolean,
  assertOptions,
  assertRecordId,
  assertTagName,
  type GroupContext,
  isObject,
  refuse,
} from "@zohokit/core/internal";
import type { components } from "./generated/zoho-crm.js";

type Schemas = components["schemas"];

/** The deal a conversion creates: the generated Org's Deals input when it has Deals, else the spec's shape. */
export type ConvertDeal<O> = string extends keyof O
  ? Schemas["ConvertDealInput"]
  : "Deals" extends keyof O
    ? CreateOf<O, "Deals">
    : Schemas["ConvertDealInput"];

export interface ConvertOptions<O> {
  /** A deal to create from the lead (Deal_Name and Stage are required). */
  deal?: ConvertDeal<O>;
  /** The user who owns the new records (a user id). */
  assignTo?: string;
  /** Merge into this existing account instead of creating one from the lead's Company. */
  account?: string;
  /** Merge into this existing contact instead of creating one. */
  contact?: string;
  /** With account/contact: overwrite their fields with the lead's. */
  overwrite?: boolean;
  notifyLeadOwner?: boolean;
  notifyNewEntity?: boolean;
  /** Which new record gets the lead's attachments. */
  moveAttachmentsTo?: "Contacts" | "Accounts" | "Deals";
  /** Tag names to carry over to the new records. */
  carryOverTags?: { Contacts?: readonly string[]; Accounts?: readonly string[]; Deals?: readonly string[] };
  signal?: AbortSignal;
}

/** The records the lead became (or was merged into); null for one not created (no deal asked) or not named. */
export interface ConvertedLead {
  Contacts: string | null;
  Accounts: string | null;
  Deals: string | null;
}

export interface CrmLeadsApi<O> {
  /**
   * Converts a lead into a contact, an account and, with `deal`, a deal (5 API credits). Not safe to repeat: when
   * the outcome is unknown it throws an ApiError of code AMBIGUOUS and is never sent again; read the lead before
   * converting it again.
   */
  convert(id: string, options?: ConvertOptions<O>): Promise<ConvertedLead>;
}

const CONVERT_PATH = "/crm/v8/Leads/{lead_id}/actions/convert";
const TARGETS = ["Contacts", "Accounts", "Deals"] as const;

const CHECK_THE_LEAD =
  'Read the lead before converting it again: records.get("Leads", id, { fields: ["Converted__s"] }) says whether ' +
  "it was converted (a second conversion answers ID_ALREADY_CONVERTED or creates a second contact).";

function nonEmpty(value: unknown, what: string): void {
  if (typeof value !== "string" || value.trim() === "")
    throw refuse(`${what} must be a non-empty string`, value);
}

/** The body of one conversion, checked before anything is sent. */
function convertInput(options: ConvertOptions<unknown>): Schemas["ConvertLeadInput"] {
  assertOptions(options, "leads.convert options");
  const input: Schemas["ConvertLeadInput"] = {};
  for (const [key, name] of [
    ["overwrite", "overwrite"],
    ["notifyLeadOwner", "notify_lead_owner"],
    ["notifyNewEntity", "notify_new_entity_owner"],
  ] as const) {
    assertBoolean(options[key], key);
    if (options[key] !== undefined) input[name] = options[key];
  }
  if (options.account !== undefined) {
    assertRecordId(options.account, "account (an existing account's id)");
    input.Accounts = { id: options.account };
  }
  if (options.contact !== undefined) {
    assertRecordId(options.contact, "contact (an existing contact's id)");
    input.Contacts = { id: options.contact };
  }
  if (options.assignTo !== undefined) {
    assertRecordId(options.assignTo, "assignTo (a user id)");
    input.assign_to = { id: options.assignTo };
  }
  if (options.deal !== undefined) {
    const deal = options.deal as Record<string, unknown>;
    if (!isObject(deal)) throw refuse("deal must be an object of Deals fields", deal);
    nonEmpty(deal.Deal_Name, "deal.Deal_Name (required for a deal)");
    nonEmpty(deal.Stage, "deal.Stage (required for a deal)");
    input.Deals = deal as Schemas["ConvertDealInput"];
  }
  if (options.moveAttachmentsTo !== undefined) {
    if (!TARGETS.includes(options.moveAttachmentsTo)) {
      throw refuse(`moveAttachmentsTo must be one of ${TARGETS.join(", ")}`, options.moveAttachmentsTo);
    }
    input.move_attachments_to = { api_name: options.moveAttachmentsTo };
  }
  if (options.carryOverTags !== undefined) {
    if (!isObject(options.carryOverTags))
      throw refuse("carryOverTags must be an object", options.carryOverTags);
    const tags: NonNullable<Schemas["ConvertLeadInput"]["carry_over_tags"]> = {};
    for (const [module, names] of Object.entries(options.carryOverTags)) {
      if (!TARGETS.includes(module as (typeof TARGETS)[number])) {
        throw refuse(`carryOverTags takes ${TARGETS.join(", ")}`, module);
      }
      if (!Array.isArray(names)) throw refuse(`carryOverTags.${module} must be an array of tag names`, names);
      for (const name of names) assertTagName(name, `carryOverTags.${module}: a tag name`);
      tags[module as (typeof TARGETS)[number]] = [...names];
    }
    input.carry_over_tags = tags;
  }
  return input;
}

/** A converted record's id: a string, or `{ id }` in v8's answers; null when none. */
function idOf(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value.id === "string") return value.id;
  return undefined;
}

export function crmLeads<O>(core: GroupContext): CrmLeadsApi<O> {
  return {
    async convert(id, options = {}) {
      assertRecordId(id, "The lead id");
      const input = convertInput(options as ConvertOptions<unknown>);
      const at = `/crm/v8/Leads/${id}/actions/convert`;
      let reply: Awaited<ReturnType<GroupContext["request"]>>;
      try {
        reply = await core.request({
          method: "POST",
          path: CONVERT_PATH,
          params: { lead_id: id },
          body: { json: { data: [input] } },
          // Each attempt converts again: never repeated after one that may have been applied.
          effect: "create",
          signal: options.signal,
        });
      } catch (error) {
        if (error instanceof ApiError && error.code === "AMBIGUOUS") {
          throw new ApiError({ ...error, message: `${error.message} ${CHECK_THE_LEAD}`, cause: error });
        }
        throw error;
      }
      const body = core.redact(reply.body);
      const item = isObject(body) && Array.isArray(body.data) ? body.data[0] : undefined;
      if (isObject(item) && item.status === "error") {
        const code = typeof item.code === "string" ? item.code : "HTTP_ERROR";
        throw new ApiError({
          status: reply.status,
          code,
          details: isObject(item.details) ? item.details : {},
          method: "POST",
          path: at,
          message:
            `POST ${at} failed with ${reply.status} ${code}${typeof item.message === "string" ? `: ${item.message}` : ""}. ` +
            "The lead was not converted; fix the input (a deal needs Deal_Name and Stage) and convert it again.",
        });
      }
      const ids = isObject(item)
        ? isObject(item.details) && item.status === "success"
          ? item.details
          : item
        : {};
      const converted = {
        Contacts: idOf(ids.Contacts),
        Accounts: idOf(ids.Accounts),
        Deals: idOf(ids.Deals ?? null),
      };
      if (converted.Contacts === undefined && converted.Accounts === undefined) {
        throw new ApiError({
          status: reply.status,
          code: "AMBIGUOUS",
          details: { status: reply.status },
          method: "POST",
          path: at,
          message: `POST ${at} answered ${reply.status} without the ids of the converted records. ${CHECK_THE_LEAD}`,
        });
      }
      return {
        Contacts: converted.Contacts ?? null,
        Accounts: converted.Accounts ?? null,
        Deals: converted.Deals ?? null,
      };
    },
  };
}
