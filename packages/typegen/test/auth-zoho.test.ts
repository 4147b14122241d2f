/** `zohokit typegen --auth zoho`: direct Zoho OAuth from ZOHO_* variables (issue 21). */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type MetadataServer, startMetadataServer } from "@zohokit/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { scratchDir } from "./compile.js";
import { richOrg } from "./fixtures/rich-org.js";

const ENV = {
  ZOHO_CLIENT_ID: "1000.TYPEGENCLIENT0123456789ABCDEF",
  ZOHO_CLIENT_SECRET: "9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbb",
  ZOHO_REFRESH_TOKEN: "1000.11112222333344445555666677778888.99990000aaaabbbbccccddddeeeeffff",
  ZOHO_DC: "eu",
};
const ACCESS_TOKEN = "1000.typegenaccesstoken0123456789abcdef.0123";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let metadata: MetadataServer;
let zoho: { url: string; tokenRequests: number; seen: string[]; close(): Promise<void> };

/** An accounts server and a Zoho API host, the API passed on to the metadata server when the token is right. */
async function fakeZoho(upstream: string) {
  const seen: string[] = [];
  let tokenRequests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      if (req.url === "/oauth/v2/token") {
        tokenRequests++;
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        const ok = form.get("refresh_token") === ENV.ZOHO_REFRESH_TOKEN;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify(ok ? { access_token: ACCESS_TOKEN, expires_in: 3600 } : { error: "invalid_code" }),
        );
        return;
      }
      seen.push(`${req.headers.authorization} ${req.url}`);
      if (req.headers.authorization !== `Zoho-oauthtoken ${ACCESS_TOKEN}`) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "INVALID_TOKEN", message: "invalid oauth token", status: "error" }));
        return;
      }
      const answer = await fetch(`${upstream}${req.url}`, {
        headers: { authorization: "Bearer mk_any_key_123" },
      });
      res.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "application/json",
      });
      res.end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get tokenRequests() {
      return tokenRequests;
    },
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeEach(async () => {
  scratch = await scratchDir();
  const org = richOrg();
  metadata = await startMetadataServer({
    app: "crm",
    org: org.org,
    modules: org.modules,
    fields: org.fields,
  });
  zoho = await fakeZoho(metadata.url);
  Object.assign(process.env, ENV, { ZOHO_ACCOUNTS_URL: zoho.url, ZOHO_API_URL: zoho.url });
  delete process.env.MATON_API_KEY;
});
afterEach(async () => {
  await zoho.close();
  await metadata.close();
  await scratch.remove();
  for (const name of [...Object.keys(ENV), "ZOHO_ACCOUNTS_URL", "ZOHO_API_URL"]) delete process.env[name];
});

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe("zohokit typegen --auth zoho", () => {
  it("generates with direct OAuth, no Maton key, on the API host's own paths", async () => {
    const out = join(scratch.dir, "org.ts");
    const result = await run("typegen", "--app", "crm", "--out", out, "--auth", "zoho");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(zoho.tokenRequests).toBe(1);
    expect(zoho.seen).toContain(`Zoho-oauthtoken ${ACCESS_TOKEN} /crm/v8/settings/fields?module=Leads`);
    expect(await readFile(out, "utf8")).toContain("LeadsRecord");
  });

  it("names the missing variable, before any request", async () => {
    delete process.env.ZOHO_REFRESH_TOKEN;
    const result = await run("typegen", "--app", "crm", "--out", join(scratch.dir, "o.ts"), "--auth", "zoho");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/set ZOHO_REFRESH_TOKEN \(/);
    expect(zoho.tokenRequests).toBe(0);
  });

  it("says what to do about a revoked refresh token, never printing a secret", async () => {
    process.env.ZOHO_REFRESH_TOKEN = `${ENV.ZOHO_REFRESH_TOKEN}0`;
    const result = await run("typegen", "--app", "crm", "--out", join(scratch.dir, "o.ts"), "--auth", "zoho");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/invalid_code/);
    expect(result.err).not.toContain(ENV.ZOHO_REFRESH_TOKEN.slice(5, 30));
    expect(result.err).not.toContain(ENV.ZOHO_CLIENT_SECRET.slice(0, 14));
  });

  it("refuses Maton-only options and unknown auth kinds", async () => {
    const both = await run(
      "typegen",
      "--app",
      "crm",
      "--out",
      "o.ts",
      "--auth",
      "zoho",
      "--base-url",
      zoho.url,
    );
    expect(both.code).toBe(2);
    expect((await run("typegen", "--app", "crm", "--out", "o.ts", "--auth", "oauth")).err).toContain(
      "--auth must be maton or zoho",
    );
  });
});
