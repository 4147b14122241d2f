// How the demo reaches a live org: Maton (MATON_API_KEY) by default, or with `--auth zoho` your own Zoho OAuth client.
import { type ZohoDataCenter, zohoOAuth } from "@zohokit/crm";

export const ZOHO_AUTH_VARIABLES = [
  "ZOHO_CLIENT_ID",
  "ZOHO_CLIENT_SECRET",
  "ZOHO_REFRESH_TOKEN",
  "ZOHO_DC",
] as const;

export function wantsZohoAuth(argv: readonly string[]): boolean {
  const at = argv.indexOf("--auth");
  return argv.includes("--auth=zoho") || (at !== -1 && argv[at + 1] === "zoho");
}

/** The client options for a live run: `{ auth }` with `--auth zoho`, nothing (Maton from the environment) otherwise. */
export function liveAuth(argv: readonly string[] = process.argv) {
  if (!wantsZohoAuth(argv)) return {};
  const missing = ZOHO_AUTH_VARIABLES.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`--auth zoho needs ${missing.join(", ")} in the environment.`);
  return {
    auth: zohoOAuth({
      clientId: process.env.ZOHO_CLIENT_ID!,
      clientSecret: process.env.ZOHO_CLIENT_SECRET!,
      refreshToken: process.env.ZOHO_REFRESH_TOKEN!,
      dataCenter: process.env.ZOHO_DC as ZohoDataCenter,
    }),
  };
}
