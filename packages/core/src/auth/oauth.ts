import { BodyTooLarge, readLimited } from "../body.js";
import { ApiError, ZohoKitError } from "../errors.js";
import { createRedactor } from "../redact.js";
import { untilAborted } from "../signals.js";
import { dataCenterOf, hostUrl, ZOHO_DATA_CENTERS, type ZohoDataCenter } from "./data-centers.js";

/** An access token as Zoho's accounts server issued it, for `onToken` and to start from a stored one. */
export interface ZohoToken {
  accessToken: string;
  /** When it expires, in ms since the epoch. */
  expiresAt: number;
  /** The API host the token is for (the token answer's api_domain), when Zoho named one. */
  apiDomain?: string;
}

export interface ZohoOAuthOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The data centre of the Zoho account; default "us". */
  dataCenter?: ZohoDataCenter;
  /** Overrides the data centre's accounts host (a proxy, a test server). */
  accountsUrl?: string;
  /** Overrides the API host, and the token answer's api_domain (a proxy, a test server). */
  apiUrl?: string;
  /** A stored access token to start from (see onToken); refreshed when it expires or is refused. */
  accessToken?: string;
  /** When the stored access token expires (ms since the epoch); without it, it is used until refused. */
  expiresAt?: number;
  /** The api_domain stored with the access token. */
  apiDomain?: string;
  /** Told each new access token, to store it for other processes (a hook that throws is ignored). */
  onToken?: (token: ZohoToken) => void | Promise<void>;
  /** Time limit of one token request; default 30,000 ms. */
  timeoutMs?: number;
}

/** Direct Zoho OAuth, as `auth` of a client: made by zohoOAuth(). Its secrets are not properties of it. */
export interface ZohoOAuth {
  readonly kind: "zoho-oauth";
  readonly dataCenter: ZohoDataCenter;
}

/** An access token the caller manages: a string, or a function asked before every request (and once more on refusal). */
export interface AccessTokenAuth {
  accessToken: string | (() => string | Promise<string>);
  /** The data centre of the Zoho account; default "us". */
  dataCenter?: ZohoDataCenter;
  /** Overrides the data centre's API host. */
  apiUrl?: string;
}

export type Auth = ZohoOAuth | AccessTokenAuth;

/** How a token source reaches the accounts server: the client's fetch. */
export interface Fetcher {
  fetch: (request: Request) => Promise<Response>;
  native: boolean;
}

/** A token in use and the API base it is for. */
export interface LiveToken {
  accessToken: string;
  apiUrl: string;
}

/** What a client asks of its auth (internal). */
export interface TokenSource {
  /** The API base before any token answer named one. */
  readonly apiUrl: string;
  /** Names the credentials for the limiter (hashed before any shared limiter sees it). */
  readonly identity: string;
  /** The secrets in use, the same array until one is added. */
  secrets(): readonly string[];
  current(fetcher: Fetcher, signal?: AbortSignal): Promise<LiveToken>;
  /** A token other than `refused`, or undefined when none can be had. */
  renew(fetcher: Fetcher, refused: string, signal?: AbortSignal): Promise<LiveToken | undefined>;
  /** What to do when a renewed token is refused too. */
  readonly refusedAgain: string;
  hint(status: number, code: string): string | undefined;
}

/** Each zohoOAuth() object's token source, kept off the object so no rendering of it shows a secret. */
const SOURCES = new WeakMap<object, TokenSource>();
const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;
/** Refresh this long before expiry (at most half the token's life). */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** A refusal by the accounts server is given again, without asking, for this long: no retry storms. */
const REFUSAL_MEMORY_MS = 10_000;
/** Tokens kept for redaction after they are replaced (an answer may quote an old one). */
const KEPT_TOKENS = 8;
const TOKEN_PATH = "/oauth/v2/token";

/** A credential as it will be sent: trimmed printable ASCII of at least 8 characters. Never echoed. */
function credential(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ZohoKitError(`zohoOAuth: ${name} is required (a string, from the Zoho API console).`);
  }
  const text = value.trim();
  if (!/^[\x21-\x7e]+$/.test(text)) {
    throw new ZohoKitError(
      `zohoOAuth: ${name} has a character an HTTP request cannot carry (a space, a line break, a quote from a ` +
        "formatted page?): check how it was set.",
    );
  }
  if (text.length < 8)
    throw new ZohoKitError(`zohoOAuth: ${name} is ${text.length} characters long; too short.`);
  return text;
}

function tokenText(value: unknown): string | undefined {
  return typeof value === "string" && /^[\x21-\x7e]{8,}$/.test(value.trim()) ? value.trim() : undefined;
}

/** An api_domain answer taken only when it is a plain http(s) origin. */
function apiDomainOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    if (!/^https?:$/.test(url.protocol) || url.username || url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function tokenSecrets(fixed: string[]) {
  const tokens: string[] = [];
  let all: readonly string[] = Object.freeze([...fixed]);
  return {
    get: () => all,
    add(token: string) {
      if (tokens.includes(token)) return;
      tokens.push(token);
      if (tokens.length > KEPT_TOKENS) tokens.shift();
      all = Object.freeze([...fixed, ...tokens]);
    },
  };
}

function advice(serverCode: string, dataCenter: ZohoDataCenter, host: string): string {
  const dc = `dataCenter ("${dataCenter}", accounts at ${host})`;
  switch (serverCode) {
    case "invalid_client":
      return (
        `the accounts server does not know this client (invalid_client): check clientId and clientSecret, and ` +
        `that ${dc} is the data centre where the client was registered; a client of another data centre is ` +
        "unknown here"
      );
    case "invalid_client_secret":
      return "the client secret is wrong (invalid_client_secret): copy it again from the Zoho API console";
    case "invalid_code":
      return (
        "the refresh token is not valid (invalid_code): it was revoked, or was issued for another client or " +
        `data centre; check ${dc}, or generate a new refresh token (API console, Self Client) and pass it`
      );
    case "access_denied":
      return (
        "Zoho refused more token requests for now (access_denied): it allows only a few per refresh token " +
        "every few minutes; share one zohoOAuth() between clients, keep tokens across processes with onToken " +
        "and start from them with accessToken/expiresAt"
      );
    default:
      return `Zoho answered the error ${JSON.stringify(serverCode.slice(0, 60))}: check clientId, clientSecret, refreshToken and ${dc}`;
  }
}

/**
 * Direct Zoho OAuth for a client's `auth`: the client refreshes the access token with the refresh token, before it
 * expires and once when Zoho refuses it, one refresh at a time for every client given this object. Nothing is
 * stored: pass `onToken` to keep tokens, `accessToken`/`expiresAt` to start from one.
 */
export function zohoOAuth(options: ZohoOAuthOptions): ZohoOAuth {
  if (typeof options !== "object" || options === null) {
    throw new ZohoKitError("zohoOAuth needs { clientId, clientSecret, refreshToken, dataCenter }.");
  }
  const clientId = credential(options.clientId, "clientId");
  const clientSecret = credential(options.clientSecret, "clientSecret");
  const refreshToken = credential(options.refreshToken, "refreshToken");
  const dataCenter = dataCenterOf(options.dataCenter, "zohoOAuth: dataCenter");
  const hosts = ZOHO_DATA_CENTERS[dataCenter];
  const accountsUrl = hostUrl(options.accountsUrl ?? hosts.accountsUrl, "zohoOAuth: accountsUrl");
  const fixedApi = options.apiUrl === undefined ? undefined : hostUrl(options.apiUrl, "zohoOAuth: apiUrl");
  if (options.onToken !== undefined && typeof options.onToken !== "function") {
    throw new ZohoKitError("zohoOAuth: onToken must be a function.");
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new ZohoKitError("zohoOAuth: timeoutMs must be a positive integer of milliseconds.");
  }
  const accountsHost = new URL(accountsUrl).host;
  const secrets = tokenSecrets([clientSecret, refreshToken]);
  const redact = () => createRedactor(secrets.get());

  let token: { accessToken: string; expiresAt: number; margin: number; apiDomain?: string } | undefined;
  if (options.accessToken !== undefined) {
    const stored = tokenText(options.accessToken);
    if (!stored)
      throw new ZohoKitError("zohoOAuth: accessToken must be a token string (as onToken gave it).");
    if (options.expiresAt !== undefined && !Number.isFinite(options.expiresAt)) {
      throw new ZohoKitError("zohoOAuth: expiresAt must be a time in ms since the epoch.");
    }
    secrets.add(stored);
    const apiDomain = apiDomainOf(options.apiDomain);
    token = {
      accessToken: stored,
      expiresAt: options.expiresAt ?? Number.POSITIVE_INFINITY,
      margin: REFRESH_MARGIN_MS,
      ...(apiDomain ? { apiDomain } : {}),
    };
  }
  let pending: Promise<LiveToken> | undefined;
  let refusal: { error: ApiError; until: number } | undefined;

  const live = (): LiveToken => ({
    accessToken: token!.accessToken,
    apiUrl: fixedApi ?? token!.apiDomain ?? hosts.apiUrl,
  });

  const failure = (status: number, code: string, what: string, serverCode?: string, cause?: unknown) =>
    redact()(
      new ApiError({
        status,
        code,
        message: `Refreshing the Zoho access token at ${accountsHost} failed: ${what}.`,
        details: serverCode ? { serverCode } : {},
        method: "POST",
        path: TOKEN_PATH,
        ...(cause === undefined ? {} : { cause }),
      }),
    );

  async function askAccounts(fetcher: Fetcher): Promise<LiveToken> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);
    const init: RequestInit = {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
      }).toString(),
      signal: controller.signal,
      redirect: "manual",
    };
    const url = `${accountsUrl}${TOKEN_PATH}`;
    let status = 0;
    let text: string;
    try {
      const sent = fetcher.native ? globalThis.fetch(url, init) : fetcher.fetch(new Request(url, init));
      const response = await (fetcher.native ? sent : untilAborted(sent, controller.signal));
      status = response.status;
      if (status >= 300 && status < 400) {
        response.body?.cancel().catch(() => {});
        throw failure(
          status,
          "OAUTH_REFRESH_FAILED",
          `it answered a redirect (${status}): check accountsUrl`,
        );
      }
      const read = await readLimited(response, MAX_TOKEN_ANSWER_BYTES, { trusted: fetcher.native });
      text = typeof read === "string" ? read : read.text;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof BodyTooLarge) {
        throw failure(status, "RESPONSE_TOO_LARGE", `its answer was over ${MAX_TOKEN_ANSWER_BYTES} bytes`);
      }
      if (controller.signal.aborted) {
        throw failure(0, "TIMEOUT", `no answer within ${timeoutMs} ms: check the network, or accountsUrl`);
      }
      const words = (error as { cause?: { message?: string } })?.cause?.message || String(error);
      throw failure(
        0,
        "NETWORK_ERROR",
        `the accounts server could not be reached (${words}): check the network, or accountsUrl`,
        undefined,
        error,
      );
    } finally {
      clearTimeout(timer);
    }
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const serverCode = typeof body?.error === "string" ? body.error : undefined;
    if (serverCode !== undefined || status < 200 || status >= 300) {
      const code = serverCode ?? `HTTP ${status}`;
      const error = failure(
        status,
        "OAUTH_REFRESH_FAILED",
        advice(serverCode ?? "", dataCenter, accountsHost).replace('the error ""', `HTTP ${status}`),
        code,
      );
      if (status < 500) refusal = { error, until: Date.now() + REFUSAL_MEMORY_MS };
      throw error;
    }
    const accessToken = tokenText(body?.access_token);
    if (!accessToken) {
      throw failure(status, "INVALID_RESPONSE", "its answer held no access_token");
    }
    secrets.add(accessToken);
    const seconds = typeof body?.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600;
    const lifeMs = Math.min(seconds, 86_400) * 1000;
    const apiDomain = apiDomainOf(body?.api_domain);
    token = {
      accessToken,
      expiresAt: Date.now() + lifeMs,
      margin: Math.min(REFRESH_MARGIN_MS, lifeMs / 2),
      ...(apiDomain ? { apiDomain } : {}),
    };
    refusal = undefined;
    if (options.onToken) {
      const stored: ZohoToken = {
        accessToken,
        expiresAt: token.expiresAt,
        ...(apiDomain ? { apiDomain } : {}),
      };
      try {
        Promise.resolve(options.onToken(stored)).catch(() => {});
      } catch {
        // A hook that throws is ignored, like the client's hooks.
      }
    }
    return live();
  }

  function refresh(fetcher: Fetcher, signal: AbortSignal | undefined): Promise<LiveToken> {
    if (refusal && Date.now() < refusal.until) return Promise.reject(refusal.error);
    pending ??= askAccounts(fetcher).finally(() => {
      pending = undefined;
    });
    return signal ? untilAborted(pending, signal) : pending;
  }

  const source: TokenSource = {
    apiUrl: fixedApi ?? token?.apiDomain ?? hosts.apiUrl,
    identity: `zoho-oauth\n${fixedApi ?? hosts.apiUrl}\n${clientId}\n${refreshToken}`,
    secrets: secrets.get,
    async current(fetcher, signal) {
      if (token && Date.now() < token.expiresAt - token.margin) return live();
      return refresh(fetcher, signal);
    },
    async renew(fetcher, refused, signal) {
      if (token && token.accessToken !== refused && Date.now() < token.expiresAt - token.margin)
        return live();
      return refresh(fetcher, signal);
    },
    refusedAgain:
      `The access token was refreshed and Zoho refused the new one too: check that dataCenter ("${dataCenter}") ` +
      "is the data centre of the Zoho account (a token is valid only at its own data centre's API host), and apiUrl if set.",
    hint: oauthHint,
  };
  const auth = Object.freeze({ kind: "zoho-oauth" as const, dataCenter });
  SOURCES.set(auth, source);
  return auth;
}

function oauthHint(status: number, code: string): string | undefined {
  if (/SCOPE/i.test(code)) {
    return (
      "The OAuth token lacks the scope this call needs: generate the refresh token again with that scope " +
      "(e.g. ZohoCRM.modules.ALL, ZohoCRM.settings.ALL, ZohoBigin.modules.ALL) in the Zoho API console."
    );
  }
  if (status === 401) return "Zoho refused the access token: check the OAuth credentials and dataCenter.";
  return undefined;
}

let anonymous = 0;

function accessTokenSource(auth: AccessTokenAuth): TokenSource {
  const dataCenter = dataCenterOf(auth.dataCenter, "auth.dataCenter");
  const apiUrl = hostUrl(auth.apiUrl ?? ZOHO_DATA_CENTERS[dataCenter].apiUrl, "auth.apiUrl");
  const given = auth.accessToken;
  const secrets = tokenSecrets([]);
  const checked = (value: unknown): LiveToken => {
    const accessToken = tokenText(value);
    if (!accessToken) {
      throw new ZohoKitError(
        "auth.accessToken must be an access token string of at least 8 printable characters (or a function returning one).",
      );
    }
    secrets.add(accessToken);
    return { accessToken, apiUrl };
  };
  if (typeof given === "string") {
    const fixed = checked(given);
    return {
      apiUrl,
      identity: `zoho-token\n${apiUrl}\n${fixed.accessToken}`,
      secrets: secrets.get,
      current: async () => fixed,
      renew: async () => undefined,
      refusedAgain:
        "Zoho refused the access token (expired or revoked?): pass a fresh one, or use zohoOAuth() to let the client refresh it.",
      hint: oauthHint,
    };
  }
  if (typeof given !== "function") checked(given);
  anonymous++;
  return {
    apiUrl,
    identity: `zoho-token\n${apiUrl}\n#${anonymous}`,
    secrets: secrets.get,
    current: async () => checked(await given()),
    async renew(_fetcher, refused) {
      const next = checked(await given());
      return next.accessToken === refused ? undefined : next;
    },
    refusedAgain:
      "Zoho refused the access token your auth.accessToken function gave, and the next one too: check it and its data centre.",
    hint: oauthHint,
  };
}

/** The token source of a client's `auth` option; a ZohoKitError for anything else. */
export function tokenSourceOf(auth: unknown): TokenSource {
  if (typeof auth === "object" && auth !== null) {
    const source = SOURCES.get(auth);
    if (source) return source;
    if ("accessToken" in auth) return accessTokenSource(auth as AccessTokenAuth);
  }
  throw new ZohoKitError(
    "options.auth must be zohoOAuth({ clientId, clientSecret, refreshToken, dataCenter }) or { accessToken }.",
  );
}
