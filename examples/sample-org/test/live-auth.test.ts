import { afterEach, describe, expect, it } from "vitest";
import { liveAuth, wantsZohoAuth, ZOHO_AUTH_VARIABLES } from "../src/live-auth.js";

const saved = Object.fromEntries(ZOHO_AUTH_VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("the live demo's auth", () => {
  it("is Maton's unless --auth zoho is given", () => {
    expect(wantsZohoAuth(["--live"])).toBe(false);
    expect(wantsZohoAuth(["--live", "--auth", "zoho"])).toBe(true);
    expect(wantsZohoAuth(["--auth=zoho"])).toBe(true);
    expect(liveAuth(["--live"])).toEqual({});
  });

  it("names the missing ZOHO_ variables, never their values", () => {
    for (const name of ZOHO_AUTH_VARIABLES) delete process.env[name];
    process.env.ZOHO_CLIENT_SECRET = "secret-value-not-to-show";
    let message = "";
    try {
      liveAuth(["--auth", "zoho"]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe("--auth zoho needs ZOHO_CLIENT_ID, ZOHO_REFRESH_TOKEN, ZOHO_DC in the environment.");
  });

  it("builds zohoOAuth for the data centre, and refuses an unknown one", () => {
    process.env.ZOHO_CLIENT_ID = "1000.CLIENTID";
    process.env.ZOHO_CLIENT_SECRET = "client-secret-value";
    process.env.ZOHO_REFRESH_TOKEN = "1000.refresh.token";
    process.env.ZOHO_DC = "eu";
    const { auth } = liveAuth(["--auth", "zoho"]) as { auth: { dataCenter: string } };
    expect(auth.dataCenter).toBe("eu");
    process.env.ZOHO_DC = "mars";
    expect(() => liveAuth(["--auth", "zoho"])).toThrow(/mars|data ?cent/i);
  });
});
