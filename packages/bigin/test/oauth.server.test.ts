/** Direct Zoho OAuth (issue 21) for Bigin, against a fake accounts server and API host on loopback. */
import { type FakeAccounts, startFakeAccounts } from "@zohokit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, createBiginClient, zohoOAuth } from "../src/index.js";

const CLIENT = {
  clientId: "1000.BIGINCLIENT0123456789ABCDEFGH",
  clientSecret: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567ab",
  refreshToken: "1000.aaaabbbbccccddddeeeeffff00001111.2222333344445555666677778888999",
};
const ID = "5725767000000524157";

let zoho: FakeAccounts | undefined;
afterEach(async () => {
  await zoho?.close();
  zoho = undefined;
});

describe("Bigin with zohoOAuth", () => {
  it("sends /bigin/v2 paths to the API host with the token, refreshing once on INVALID_TOKEN", async () => {
    zoho = await startFakeAccounts({ ...CLIENT, tokenDelayMs: 50 });
    const auth = zohoOAuth({ ...CLIENT, dataCenter: "au", accountsUrl: zoho.url, apiUrl: zoho.url });
    const bigin = createBiginClient({ auth, retry: false });
    // A second client of the same auth shares its token and its refresh.
    const other = createBiginClient({ auth, retry: false });
    await Promise.all([bigin.records.get("Contacts", ID), other.records.get("Contacts", ID)]);
    expect(zoho.tokenRequests).toHaveLength(1);
    expect(zoho.apiRequests[0]?.path).toBe(`/bigin/v2/Contacts/${ID}`);
    expect(zoho.apiRequests[0]?.authorization).toBe(`Zoho-oauthtoken ${zoho.issued[0]}`);
    zoho.expireTokens();
    expect((await other.records.get("Contacts", ID))?.id).toBe(ID);
    expect(zoho.tokenRequests).toHaveLength(2);
  });

  it("says what to do when the refresh token was revoked", async () => {
    zoho = await startFakeAccounts(CLIENT);
    zoho.revoke();
    const bigin = createBiginClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: zoho.url, apiUrl: zoho.url }),
      retry: false,
    });
    const error = (await bigin.records.get("Contacts", ID).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("OAUTH_REFRESH_FAILED");
    expect(error.message).toMatch(/invalid_code/);
    expect(error.message).not.toContain(CLIENT.refreshToken.slice(5, 19));
  });

  it("clients of the same OAuth client share one concurrency limit", async () => {
    zoho = await startFakeAccounts(CLIENT);
    let inFlight = 0;
    let peak = 0;
    const hooks = {
      onRequest: () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
      },
      onResponse: () => {
        inFlight--;
      },
    };
    const c = createBiginClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: zoho.url, apiUrl: zoho.url }),
      maxConcurrency: 1,
      retry: false,
      hooks,
    });
    const d = createBiginClient({
      auth: zohoOAuth({ ...CLIENT, accountsUrl: zoho.url, apiUrl: zoho.url }),
      maxConcurrency: 1,
      retry: false,
      hooks,
    });
    await Promise.all(
      [1, 2, 3].flatMap(() => [c.records.get("Contacts", ID), d.records.get("Contacts", ID)]),
    );
    expect(peak).toBe(1);
  });
});
