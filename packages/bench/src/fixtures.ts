/** The records the loopback server answers with: Zoho-shaped Leads, as a list of `fields` would return them. */

export const PAGE_SIZE = 200;
export const WRITE_BATCH = 100;

/** The fields every list in the bench asks for (the server answers these whatever is asked). */
export const LIST_FIELDS = [
  "Last_Name",
  "First_Name",
  "Email",
  "Phone",
  "Company",
  "Lead_Status",
  "Lead_Source",
  "Annual_Revenue",
  "No_of_Employees",
  "City",
  "Country",
  "Owner",
  "Created_Time",
  "Modified_Time",
] as const;

const OWNER = { name: "Bench User", id: "5725767000000411001", email: "bench.user@example.com" };
const STATUSES = ["Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead", "Not Contacted"];
const SOURCES = ["Advertisement", "Cold Call", "Employee Referral", "Web Download", "Trade Show"];

function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function leadRecord(n: number): Record<string, unknown> {
  const time = zohoTime(Date.UTC(2026, 0, 1) + n * 61_000);
  return {
    id: String(5725767000001000000n + BigInt(n)),
    Last_Name: `Lovelace ${n}`,
    First_Name: "Ada",
    Email: `ada.lovelace.${n}@example.com`,
    Phone: `+1 555 01${String(n % 100).padStart(2, "0")}`,
    Company: `Analytical Engines ${n % 37} Ltd`,
    Lead_Status: STATUSES[n % STATUSES.length],
    Lead_Source: SOURCES[n % SOURCES.length],
    Annual_Revenue: 100_000 + (n % 1000) * 250,
    No_of_Employees: 5 + (n % 500),
    City: "London",
    Country: "United Kingdom",
    Owner: OWNER,
    Created_Time: time,
    Modified_Time: time,
    $approved: true,
    $editable: true,
  };
}

/** The JSON of page `page` up to (not including) the `info` object: each page holds records of its own. */
export function pageHead(page = 1): string {
  const first = (page - 1) * PAGE_SIZE + 1;
  const records = Array.from({ length: PAGE_SIZE }, (_, i) => JSON.stringify(leadRecord(first + i)));
  return `{"data":[${records.join(",")}],"info":`;
}

/** The `info` of page `page` of `pages`: page numbers answer up to 2,000 records, then page tokens. */
export function pageInfo(page: number, pages: number): string {
  const more = page < pages;
  return JSON.stringify({
    per_page: PAGE_SIZE,
    count: PAGE_SIZE,
    page,
    sort_by: "id",
    sort_order: "desc",
    more_records: more,
    next_page_token: more ? `t${page + 1}` : null,
    previous_page_token: page > 1 ? `t${page - 1}` : null,
    page_token_expiry: "2026-05-15T12:00:00+00:00",
  });
}

/** Zoho's answer to a create of `WRITE_BATCH` records: one success per input, in order. */
export function createAnswer(): string {
  const time = zohoTime(Date.UTC(2026, 4, 14));
  const by = { name: OWNER.name, id: OWNER.id };
  const data = Array.from({ length: WRITE_BATCH }, (_, i) => ({
    code: "SUCCESS",
    details: {
      Modified_Time: time,
      Modified_By: by,
      Created_Time: time,
      id: String(5725767000009000000n + BigInt(i)),
      Created_By: by,
    },
    message: "record added",
    status: "success",
  }));
  return JSON.stringify({ data });
}
