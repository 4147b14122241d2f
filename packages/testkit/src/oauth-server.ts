/**
 * A fake Zoho for direct OAuth tests, on a loopback port: an accounts server (POST /oauth/v2/token, refresh grant)
 * and an API host that accepts only the access tokens it issued and not yet expired, answering everything else
 * with Zoho's 401 INVALID_TOKEN. Record reads answer one record.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { serveOnLoopback } from "./loopback.js";

export interface FakeAccountsOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** expires_in of each token answer; default 3600. */
  expiresIn?: number;
  /** api_domain of each token answer; default none. */
  apiDomain?: string;
  /** Wait before each token answer (concurrency tests). */
  tokenDelayMs?: number;
}

export interface FakeAccountsRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  maton: boolean;
  body: string;
}

export interface FakeAccounts {
  url: string;
  tokenRequests: FakeAccountsRequest[];
  apiRequests: FakeAccountsRequest[];
  /** Access tokens issued so far, in order. */
  issued: string[];
  /** The server forgets every token issued so far (as if they expired early). */
  expireTokens(): void;
  /** The refresh token is revoked: refresh answers invalid_code. */
  revoke(): void;
  /** The API refuses every token (a token of another data centre). */
  refuseAll(): void;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json;charset=UTF-8" });
  res.end(JSON.stringify(body));
}

const INVALID_TOKEN = { code: "INVALID_TOKEN", details: {}, message: "invalid oauth token", status: "error" };

export async function startFakeAccounts(options: FakeAccountsOptions): Promise<FakeAccounts> {
  const tokenRequests: FakeAccountsRequest[] = [];
  const apiRequests: FakeAccountsRequest[] = [];
  const issued: string[] = [];
  const valid = new Set<string>();
  let revoked = false;
  let refuseAll = false;

  function token(req: IncomingMessage, res: ServerResponse, body: string) {
    const form = new URLSearchParams(body);
    const answer = () => {
      if (form.get("grant_type") !== "refresh_token")
        return json(res, 200, { error: "unsupported_grant_type" });
      if (form.get("client_id") !== options.clientId) return json(res, 200, { error: "invalid_client" });
      if (form.get("client_secret") !== options.clientSecret)
        return json(res, 200, { error: "invalid_client" });
      if (revoked || form.get("refresh_token") !== options.refreshToken) {
        return json(res, 200, { error: "invalid_code" });
      }
      const accessToken = `1000.fake${issued.length}${"a1b2c3d4e5f6".repeat(3)}.${req.socket.remotePort}`;
      issued.push(accessToken);
      valid.add(accessToken);
      return json(res, 200, {
        access_token: accessToken,
        scope: "ZohoCRM.modules.ALL",
        token_type: "Bearer",
        expires_in: options.expiresIn ?? 3600,
        ...(options.apiDomain ? { api_domain: options.apiDomain } : {}),
      });
    };
    if (options.tokenDelayMs) setTimeout(answer, options.tokenDelayMs);
    else answer();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const body = Buffer.concat(chunks).toString("utf8");
      const seen: FakeAccountsRequest = {
        method: req.method ?? "GET",
        path,
        authorization: req.headers.authorization,
        maton: req.headers["maton-connection"] !== undefined,
        body,
      };
      if (path === "/oauth/v2/token" && req.method === "POST") {
        tokenRequests.push(seen);
        return token(req, res, body);
      }
      apiRequests.push(seen);
      const presented = /^Zoho-oauthtoken (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (refuseAll || presented === undefined || !valid.has(presented)) return json(res, 401, INVALID_TOKEN);
      if (req.method === "POST") {
        return json(res, 201, {
          data: [
            {
              code: "SUCCESS",
              details: { id: "5725767000000524157" },
              message: "record added",
              status: "success",
            },
          ],
        });
      }
      return json(res, 200, { data: [{ id: "5725767000000524157", Last_Name: "Ng" }] });
    });
  });
  const { url, close } = await serveOnLoopback(server);
  return {
    url,
    tokenRequests,
    apiRequests,
    issued,
    expireTokens: () => valid.clear(),
    revoke: () => {
      revoked = true;
    },
    refuseAll: () => {
      refuseAll = true;
    },
    close,
  };
}
