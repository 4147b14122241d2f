/**
 * Helpers for leak tests: every form a secret may take in text (plain, URL-encoded, base64 at any alignment,
 * long fragments), and a fetch wrapper that plays a gateway or proxy echoing the request's credentials back in
 * its answers and errors.
 */

import { inspect } from "node:util";

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/**
 * The base64 text of `secret` wherever it sits inside a longer string that was base64-encoded as a whole
 * (e.g. `Bearer <key>`): for each of the three byte alignments, the characters that depend on the secret alone.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (const skip of [0, 1, 2]) {
    const tail = bytes.subarray(skip);
    const whole = Math.floor(tail.length / 3) * 3;
    if (whole < 9) continue;
    const core = base64(tail.subarray(0, whole));
    cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

export interface SecretForm {
  form: string;
  text: string;
}

/**
 * Every form of the secret a leak test looks for: the secret, URL-encoded, base64 (standard and URL-safe, at any
 * alignment), and every `fragment`-character slice of it (a secret cut in two by a truncated snippet still leaks).
 */
export function secretForms(secret: string, fragment = 14): SecretForm[] {
  const forms: SecretForm[] = [
    { form: "plain", text: secret },
    { form: "url-encoded", text: encodeURIComponent(secret) },
    { form: "base64", text: Buffer.from(secret).toString("base64") },
    ...base64Cores(secret).map((text) => ({ form: "base64 (inside a longer string)", text })),
  ];
  for (let i = 0; i + fragment <= secret.length; i++) {
    forms.push({ form: `fragment ${i}..${i + fragment}`, text: secret.slice(i, i + fragment) });
  }
  return forms;
}

/** Where any form of any secret occurs in `text`: one line per hit, empty when clean. */
export function findLeaks(text: string, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    for (const { form, text: needle } of secretForms(secret)) {
      const at = text.indexOf(needle);
      if (at >= 0) {
        leaks.push(
          `${form} of a secret at ${at}: …${text.slice(Math.max(0, at - 60), at + needle.length + 20)}…`,
        );
      }
    }
  }
  return leaks;
}

/** Every way a value may end up in front of a user or in a log. */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const attempt = (render: () => string) => {
    try {
      out.push(render());
    } catch (error) {
      out.push(`<render failed: ${String(error)}>`);
    }
  };
  attempt(() => String(value));
  attempt(() => JSON.stringify(value) ?? "undefined");
  attempt(() => inspect(value, { depth: 10, showHidden: false }));
  attempt(() => inspect(value, { depth: 10, showHidden: true }));
  if (value instanceof Error) {
    attempt(() => value.stack ?? "");
    attempt(() => value.message);
    let cause: unknown = value.cause;
    for (let depth = 0; depth < 5 && cause !== undefined; depth++) {
      const current = cause;
      attempt(() => String(current));
      attempt(() => (current instanceof Error ? (current.stack ?? "") : JSON.stringify(current)));
      cause = current instanceof Error ? current.cause : undefined;
    }
  }
  return out;
}

export interface EchoOptions {
  /** The fetch that reaches the (fake) server. Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Every `throwEvery`-th request fails like a proxy that quotes the request headers in its error. 0: never. */
  throwEvery?: number;
}

export interface EchoingFetch {
  (request: Request): Promise<Response>;
  /** Answers rewritten to carry the credentials, and errors thrown with them. */
  stats: { echoedBodies: number; thrown: number; requests: number };
}

const PAD = "x".repeat(200);
/** Where the key starts in a non-JSON body: 16 of its characters fall inside a 200-character snippet. */
const KEY_AT = 184;
const PREFIX = "Authorization: Bearer ".length;

/**
 * Plays a gateway that echoes the request's Authorization and Maton-Connection headers back in every error
 * body (JSON or HTML), inside per-item results, in the garbage of a malformed 200, in base64 and URL-encoded
 * forms, and placed so a 200-character snippet cuts the key in two.
 */
export function echoingFetch(options: EchoOptions = {}): EchoingFetch {
  const base = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const stats = { echoedBodies: 0, thrown: 0, requests: 0 };

  const wrapped = async (request: Request): Promise<Response> => {
    stats.requests++;
    const authorization = request.headers.get("authorization") ?? "";
    const connection = request.headers.get("maton-connection") ?? "";
    const key = authorization.replace(/^Bearer\s+/i, "");
    const quoted = `Authorization: ${authorization}; Maton-Connection: ${connection}`;
    const echo = {
      authorization,
      connection,
      key_url: encodeURIComponent(key),
      header_b64: Buffer.from(authorization).toString("base64"),
      key_b64: Buffer.from(key).toString("base64"),
      connection_b64url: Buffer.from(`conn=${connection}`).toString("base64url"),
      query: `?api_key=${encodeURIComponent(key)}&connection=${encodeURIComponent(connection)}`,
    };
    if (options.throwEvery && stats.requests % options.throwEvery === 0) {
      stats.thrown++;
      const cause = Object.assign(new Error(`proxy refused the tunnel for request headers {${quoted}}`), {
        code: "ECONNRESET",
        headers: { authorization, "maton-connection": connection },
      });
      throw new TypeError(`fetch failed (${quoted})`, { cause });
    }
    const response = await base(request);
    const type = response.headers.get("content-type") ?? "";
    const text = await response.text();
    let body = text;
    if (text.length > 0 && type.includes("json")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) {
        // A malformed 200: the garbage quotes the key across the 200-character snippet boundary.
        body = `${text.slice(0, 20)}${PAD.slice(0, KEY_AT - 20 - PREFIX)}${quoted}${text.slice(20)}`;
      } else if (!response.ok || hasItemErrors(parsed)) {
        body = JSON.stringify(echoInto(parsed, quoted, echo));
      }
    } else if (!response.ok && text.length > 0) {
      // An HTML error page: the header quote straddles the 200-character snippet boundary.
      body = `${text.slice(0, 10)}<!-- ${PAD.slice(0, KEY_AT - 16 - PREFIX)} ${quoted} -->${text.slice(10)}`;
    }
    if (body !== text) stats.echoedBodies++;
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(response.status === 204 ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
  return Object.assign(wrapped, { stats });
}

function hasItemErrors(body: unknown): boolean {
  const data = (body as { data?: unknown } | null)?.data;
  return Array.isArray(data) && data.some((item) => (item as { status?: unknown })?.status === "error");
}

function echoInto(body: unknown, quoted: string, echo: Record<string, string>): unknown {
  if (typeof body !== "object" || body === null) return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  const stamp = (item: Record<string, unknown>) => {
    item.message = `${String(item.message ?? "")} (${quoted})`;
    const details = typeof item.details === "object" && item.details !== null ? item.details : {};
    item.details = { ...details, echo };
  };
  if (typeof copy.code === "string" || typeof copy.message === "string") stamp(copy);
  if (Array.isArray(copy.data)) {
    for (const item of copy.data) {
      if (typeof item === "object" && item !== null && (item as { status?: unknown }).status === "error") {
        stamp(item as Record<string, unknown>);
      }
    }
  }
  if (typeof copy.error === "object" && copy.error !== null) stamp(copy.error as Record<string, unknown>);
  return copy;
}
