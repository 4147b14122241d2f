/** What to do about the errors Zoho CRM documents for the calls of @zohokit/crm (appended to ApiError messages). */

const CONVERT_HINTS: Readonly<Record<string, string>> = {
  ID_ALREADY_CONVERTED:
    "The lead was converted before: find the contact it became (by the lead's email) instead of converting it again.",
  NOT_APPROVED:
    "The lead awaits approval (an approval process or a review): approve it in Zoho, then convert it.",
  RECORD_LOCKED:
    "The lead is locked (an approval, a blueprint or a lock rule): unlock it in Zoho, then convert it.",
  MANDATORY_NOT_FOUND: "A deal created by a conversion needs Deal_Name and Stage.",
  MAPPING_MISMATCH: "A value of the deal does not fit its field (a Stage not in its pipeline?): see details.",
};

const TAG_HINTS: Readonly<Record<string, string>> = {
  LIMIT_EXCEEDED:
    "A record carries at most 10 tags (5 in the Standard edition) and a module 20 to 200 by edition: " +
    "tags.list(module) gives info.allowed_count.",
  MAPPING_MISMATCH: "A tag of that name exists with another colour: leave color_code out, or use its id.",
};

export function crmHint(status: number, code: string, path: string): string | undefined {
  if (/\/actions\/convert$/.test(path)) return CONVERT_HINTS[code];
  if (/\/actions\/(add|remove)_tags$/.test(path) || /\/settings\/tags(\/|$)/.test(path))
    return TAG_HINTS[code];
  if (status === 413 && /\/Attachments$/.test(path)) {
    return "The file is larger than Zoho accepts (100 MB is the documented limit): split or compress it.";
  }
  if (code === "INVALID_DATA" && /^\/crm\/v8\/[^/]+\/\d+\/(?!Notes$|Attachments$)[^/]+$/.test(path)) {
    return "Check the related list's API name: settings.relatedLists(module) lists them (names are case-sensitive).";
  }
  return undefined;
}
