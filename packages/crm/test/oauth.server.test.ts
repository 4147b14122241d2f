/** Direct Zoho OAuth (issue 21) against a fake accounts server and API host on loopback. */
import { echoingFetch, type FakeAccounts, findLeaks, renderings, startFakeAccounts } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, createCrmClient, ZohoKitError, type ZohoToken, zohoOAuth } from "../src/index.js";

const CLIENT = {
  clientId: "1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
  clientSecret: "f1e2d3c4b5a6978812345678abcdefabcdef012345",
  refreshToken: "1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210",
};
const ID = "5725767000000524157";

let zoho: FakeAccounts | undefined;
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
});

async function fake(options: Partial<Parameters<typeof startFakeAccounts>[0]> = {}) {
  zoho = await startFakeAccounts({ ...CLIENT, ...options });
  return zoho;
}

function client(server: FakeAccounts, extra: Partial<Parameters<typeof zohoOAuth>[0]> = {}) {
  const auth = zohoOAuth({
    ...CLIENT,
    dataCenter: "eu",
    accountsUrl: server.url,
    apiUrl: server.url,
    ...extra,
  });
  return createCrmClient({ auth, retry: false });
}

describe("zohoOAuth", () => {
  it("gets a token, sends it as Zoho-oauthtoken, without the gateway's prefix or Maton headers", async () => {
    const server = await fake();
    const crm = client(server);
    const record = await crm.records.get("Leads", ID);
    expect(record?.id).toBe(ID);
    expect(server.tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(server.tokenRequests[0]!.body);
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe(CLIENT.refreshToken);
    expect(server.apiRequests[0]?.path).toBe(`/crm/v8/Leads/${ID}`);
    expect(server.apiRequests[0]?.authorization).toBe(`Zoho-oauthtoken ${server.issued[0]}`);
    expect(server.apiRequests[0]?.maton).toBe(false);
  });

  it("reuses the token, and refreshes once it is about to expire", async () => {
    const server = await fake({ expiresIn: 1 });
    const crm = client(server);
    await crm.records.get("Leads", ID);
    await crm.records.get("Leads", ID);
    // A 1 s token is within the refresh margin (half its life) after 0.5 s.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await crm.records.get("Leads", ID);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests.at(-1)?.authorization).toBe(`Zoho-oauthtoken ${server.issued[1]}`);
  });

  it("shares one refresh between concurrent calls", async () => {
    const server = await fake({ tokenDelayMs: 100 });
    const crm = client(server);
    await Promise.all(Array.from({ length: 8 }, () => crm.records.get("Leads", ID)));
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.apiRequests).toHaveLength(8);
  });

  it("refreshes once on INVALID_TOKEN and repeats the call, a create included", async () => {
    const server = await fake();
    const crm = client(server);
    await crm.records.get("Leads", ID);
    server.expireTokens();
    const created = await crm.records.create("Leads", [{ Last_Name: "Ng" }]);
    expect(created.succeeded).toHaveLength(1);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("gives up after the refreshed token is refused too, suggesting the data centre", async () => {
    const server = await fake();
    server.refuseAll();
    const crm = client(server);
    const error = await crm.records.get("Leads", ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).code).toBe("INVALID_TOKEN");
    expect((error as ApiError).message).toMatch(/dataCenter \("eu"\)/);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests).toHaveLength(2);
  });

  it("says what to do when the refresh token was revoked, and does not ask again at once", async () => {
    const server = await fake();
    server.revoke();
    const crm = client(server);
    const error = await crm.records.get("Leads", ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("OAUTH_REFRESH_FAILED");
    expect((error as ApiError).details.serverCode).toBe("invalid_code");
    expect((error as ApiError).message).toMatch(/revoked.*generate a new refresh token/);
    await crm.records.get("Leads", ID).catch(() => undefined);
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.apiRequests).toHaveLength(0);
  });

  it("names the data centre when the accounts server does not know the client", async () => {
    const server = await fake();
    const crm = client(server, { clientId: "1000.SOMEOTHERCLIENTOFANOTHERDC" });
    const error = (await crm.records.get("Leads", ID).catch((e: unknown) => e)) as ApiError;
    expect(error.details.serverCode).toBe("invalid_client");
    expect(error.message).toMatch(/dataCenter \("eu"/);
  });

  it("fails clearly when the accounts server cannot be reached", async () => {
    const server = await fake();
    const url = server.url;
    await server.close();
    zoho = undefined;
    const crm = createCrmClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: url, apiUrl: url }),
      retry: false,
    });
    const error = (await crm.records.get("Leads", ID).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("NETWORK_ERROR");
    expect(error.message).toMatch(/accounts server could not be reached/);
  });

  it("honours api_domain from the token answer", async () => {
    const api = await startFakeAccounts(CLIENT);
    try {
      const server = await fake({ apiDomain: api.url });
      const crm = createCrmClient({ auth: zohoOAuth({ ...CLIENT, accountsUrl: server.url }), retry: false });
      // The API fake accepts only its own tokens: the request reaching it and being refused proves the host.
      await crm.records.get("Leads", ID).catch(() => undefined);
      expect(server.apiRequests).toHaveLength(0);
      expect(api.apiRequests[0]?.path).toBe(`/crm/v8/Leads/${ID}`);
    } finally {
      await api.close();
    }
  });

  it("tells onToken each new token and starts from a stored one", async () => {
    const server = await fake();
    const seen: ZohoToken[] = [];
    await client(server, { onToken: (token) => void seen.push(token) }).records.get("Leads", ID);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.accessToken).toBe(server.issued[0]);
    expect(seen[0]!.expiresAt).toBeGreaterThan(Date.now());
    await client(server, { ...seen[0]! }).records.get("Leads", ID);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it("never shows the client secret, the refresh token or an access token", async () => {
    const server = await fake();
    const crm = client(server);
    await crm.records.get("Leads", ID);
    server.refuseAll();
    const refused = await crm.records.get("Leads", ID).catch((e: unknown) => e);
    const revoked = await client(server, { clientSecret: `${CLIENT.clientSecret}x` })
      .records.get("Leads", ID)
      .catch((e: unknown) => e);
    const secrets = [CLIENT.clientSecret, CLIENT.refreshToken, ...server.issued];
    for (const error of [refused, revoked]) {
      expect(error).toBeInstanceOf(ApiError);
      expect(findLeaks(renderings(error).join("\n"), secrets)).toEqual([]);
    }
    const auth = zohoOAuth({ ...CLIENT, accountsUrl: server.url });
    expect(findLeaks(renderings(auth).join("\n"), secrets)).toEqual([]);
    expect(JSON.stringify(crm)).not.toContain(CLIENT.clientSecret.slice(0, 12));
  });

  it("redacts the token wherever a proxy echoes the Authorization header: encoded, base64, cut", async () => {
    const server = await fake();
    const fetch = echoingFetch({ throwEvery: 3 });
    const crm = createCrmClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: server.url, apiUrl: server.url }),
      retry: false,
      fetch,
    });
    await crm.records.get("Leads", ID).catch(() => undefined);
    server.refuseAll();
    const errors: unknown[] = [];
    for (let i = 0; i < 6; i++) errors.push(await crm.records.get("Leads", ID).catch((e: unknown) => e));
    expect(fetch.stats.echoedBodies).toBeGreaterThan(0);
    expect(fetch.stats.thrown).toBeGreaterThan(0);
    const secrets = [CLIENT.clientSecret, CLIENT.refreshToken, ...server.issued];
    expect(server.issued.length).toBeGreaterThan(1);
    for (const error of errors) expect(findLeaks(renderings(error).join("\n"), secrets)).toEqual([]);
  });

  it("redacts an access token that an error body echoes", async () => {
    const server = await fake();
    const crm = client(server);
    await crm.records.get("Leads", ID);
    const token = server.issued[0]!;
    const echo = createCrmClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: server.url, apiUrl: server.url, accessToken: token }),
      retry: false,
      fetch: async () =>
        new Response(
          JSON.stringify({ code: "INVALID_DATA", message: `bad header Zoho-oauthtoken ${token}` }),
          {
            status: 400,
            headers: { "content-type": "application/json" },
          },
        ),
    });
    const error = await echo.records.get("Leads", ID).catch((e: unknown) => e);
    expect((error as ApiError).message).toContain("Zoho-oauthtoken [redacted]");
    expect(findLeaks(renderings(error).join("\n"), [token])).toEqual([]);
  });

  it("refuses bad configuration before any request, never echoing secrets", () => {
    expect(() => zohoOAuth({ ...CLIENT, dataCenter: "de" as "eu" })).toThrow(
      /"us", "eu", "in", "au", "jp", "ca", "sa", "cn"/,
    );
    expect(() => zohoOAuth({ ...CLIENT, clientSecret: "" })).toThrow(ZohoKitError);
    const auth = zohoOAuth(CLIENT);
    expect(() => createCrmClient({ auth, apiKey: "mk_live_123456789" })).toThrow(/apiKey.*does not apply/);
    expect(() => createCrmClient({ auth, baseUrl: "http://127.0.0.1:1" })).toThrow(/apiUrl/);
    try {
      zohoOAuth({ ...CLIENT, refreshToken: `${CLIENT.refreshToken} x` });
    } catch (error) {
      expect(String(error)).not.toContain(CLIENT.refreshToken.slice(0, 14));
    }
  });
});

describe("{ accessToken }", () => {
  it("sends the caller's token, and asks a token function again once when Zoho refuses it", async () => {
    const server = await fake();
    await client(server).records.get("Leads", ID);
    const tokens = [server.issued[0]!];
    let asked = 0;
    const crm = createCrmClient({
      auth: { accessToken: () => tokens[asked++] ?? tokens[0]!, apiUrl: server.url },
      retry: false,
    });
    expect((await crm.records.get("Leads", ID))?.id).toBe(ID);
    expect(server.apiRequests.at(-1)?.authorization).toBe(`Zoho-oauthtoken ${tokens[0]}`);
    const fixed = createCrmClient({ auth: { accessToken: "1000.notavalidtokenatall", apiUrl: server.url } });
    const error = (await fixed.records.get("Leads", ID).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("INVALID_TOKEN");
    expect(error.message).toMatch(/pass a fresh one, or use zohoOAuth/);
    expect(error.message).not.toContain("notavalidtoken");
  });
});

describe("the token request is bounded", () => {
  it("times out an accounts server that never answers", async () => {
    const { createServer } = await import("node:http");
    const { listenOnLoopback } = await import("@zohokit/testkit");
    const silent = createServer(() => {});
    const url = await listenOnLoopback(silent);
    try {
      const crm = createCrmClient({
        auth: zohoOAuth({ ...CLIENT, accountsUrl: url, apiUrl: url, timeoutMs: 200 }),
        retry: false,
      });
      const error = (await crm.records.get("Leads", ID).catch((e: unknown) => e)) as ApiError;
      expect(error.code).toBe("TIMEOUT");
      expect(error.message).toMatch(/no answer within 200 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("refuses an oversized token answer", async () => {
    const crm = createCrmClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: "http://127.0.0.1:9", apiUrl: "http://127.0.0.1:9" }),
      retry: false,
      fetch: async () => new Response("x".repeat(100_000), { status: 200 }),
    });
    const error = (await crm.records.get("Leads", ID).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("RESPONSE_TOO_LARGE");
  });
});

describe("aborting while the token is fetched", () => {
  it("rejects with ABORTED and sends nothing to the API", async () => {
    zoho = await startFakeAccounts({ ...CLIENT, tokenDelayMs: 300 });
    const crm = client(zoho);
    const controller = new AbortController();
    const call = crm.records.get("Leads", ID, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("user left")), 50);
    const error = (await call) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("ABORTED");
    expect(zoho.apiRequests).toHaveLength(0);
  });
});

describe("data centres", () => {
  const HOSTS: Array<[string, string, string]> = [
    ["us", "accounts.zoho.com", "www.zohoapis.com"],
    ["eu", "accounts.zoho.eu", "www.zohoapis.eu"],
    ["in", "accounts.zoho.in", "www.zohoapis.in"],
    ["au", "accounts.zoho.com.au", "www.zohoapis.com.au"],
    ["jp", "accounts.zoho.jp", "www.zohoapis.jp"],
    ["ca", "accounts.zohocloud.ca", "www.zohoapis.ca"],
    ["sa", "accounts.zoho.sa", "www.zohoapis.sa"],
    ["cn", "accounts.zoho.com.cn", "www.zohoapis.com.cn"],
  ];
  it.each(HOSTS)("%s: tokens from %s, API calls to %s", async (dataCenter, accounts, api) => {
    const urls: string[] = [];
    const crm = createCrmClient({
      auth: zohoOAuth({ ...CLIENT, dataCenter: dataCenter as "us" }),
      retry: false,
      fetch: async (request) => {
        urls.push(request.url);
        const body = request.url.includes("/oauth/v2/token")
          ? { access_token: "1000.dctoken0123456789", expires_in: 3600 }
          : { data: [{ id: ID }] };
        return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
      },
    });
    await crm.records.get("Leads", ID);
    expect(urls).toEqual([`https://${accounts}/oauth/v2/token`, `https://${api}/crm/v8/Leads/${ID}`]);
  });
});
