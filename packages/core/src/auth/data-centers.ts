import { ZohoKitError } from "../errors.js";

/** Zoho's data centres: where an account lives decides its API host and its accounts (OAuth) host. */
export const ZOHO_DATA_CENTERS = Object.freeze({
  us: { apiUrl: "https://www.zohoapis.com", accountsUrl: "https://accounts.zoho.com" },
  eu: { apiUrl: "https://www.zohoapis.eu", accountsUrl: "https://accounts.zoho.eu" },
  in: { apiUrl: "https://www.zohoapis.in", accountsUrl: "https://accounts.zoho.in" },
  au: { apiUrl: "https://www.zohoapis.com.au", accountsUrl: "https://accounts.zoho.com.au" },
  jp: { apiUrl: "https://www.zohoapis.jp", accountsUrl: "https://accounts.zoho.jp" },
  ca: { apiUrl: "https://www.zohoapis.ca", accountsUrl: "https://accounts.zohocloud.ca" },
  sa: { apiUrl: "https://www.zohoapis.sa", accountsUrl: "https://accounts.zoho.sa" },
  cn: { apiUrl: "https://www.zohoapis.com.cn", accountsUrl: "https://accounts.zoho.com.cn" },
} as const);

export type ZohoDataCenter = keyof typeof ZOHO_DATA_CENTERS;

const NAMES = Object.keys(ZOHO_DATA_CENTERS) as ZohoDataCenter[];

/** The data centre named, "us" when none is; anything else is refused with the list of valid names. */
export function dataCenterOf(value: unknown, what = "dataCenter"): ZohoDataCenter {
  if (value === undefined) return "us";
  if (typeof value === "string" && (NAMES as string[]).includes(value.trim().toLowerCase())) {
    return value.trim().toLowerCase() as ZohoDataCenter;
  }
  const got = typeof value === "string" ? JSON.stringify(value.slice(0, 20)) : typeof value;
  throw new ZohoKitError(
    `${what} must be one of ${NAMES.map((name) => `"${name}"`).join(", ")} (the data centre of your Zoho ` +
      `account: the domain you sign in at, accounts.zoho.eu is "eu"); got ${got}.`,
  );
}

/** An http(s) origin (optionally with a path) without query, fragment or credentials, trailing slashes cut. */
export function hostUrl(value: unknown, what: string): string {
  const text = typeof value === "string" ? value.trim().replace(/\/+$/, "") : "";
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username) {
    throw new ZohoKitError(
      `${what} must be an http(s) URL without query, fragment or credentials; got ` +
        `${typeof value === "string" ? JSON.stringify(value.slice(0, 100)) : typeof value}.`,
    );
  }
  return text;
}
