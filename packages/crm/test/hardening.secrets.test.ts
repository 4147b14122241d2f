/**
 * Secrets (issue 14, items 1, 2 and 18): the key is validated and trimmed once, at construction, and what is sent
 * is what is redacted, in every encoding a server or proxy may echo it in. Error bodies of unexpected shapes keep
 * the server's words.
 */
import { findLeaks, renderings, type ScriptedServer, scriptedServer, sendJson } from "@zohokit/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createCrmClient, ZohoKitError } from "../src/index.js";

const KEY = "mk_live/Secr3t+Key=9fJ2kQ7xV4pL";
const CONNECTION = "5b0e6a2c-91d4-4f3e-a7c8-2d6b9e1f0a34";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function everything(value: unknown): string {
  return renderings(value).join("\n");
}

describe("the API key as it is sent", () => {
  it("trims whitespace around the key, sends the trimmed key and redacts it where an error echoes the header", async () => {
    server = await scriptedServer((request, res) =>
      sendJson(res, 401, {
        code: "INVALID_TOKEN",
        message: `refused header ${request.headers.authorization}`,
      }),
    );
    const crm = createCrmClient({ apiKey: `  ${KEY}\r\n`, baseUrl: server.url, retry: false });
    const error = await crm.records.get("Leads", "5725767000000524157").catch((e: unknown) => e);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("refused header Bearer [redacted]");
    expect(findLeaks(everything(error), [KEY])).toEqual([]);
  });

  it.each([
    ["a NUL", "\u0000"],
    ["a DEL", "\u007f"],
    ["a character outside Latin-1", "\u0100"],
    ["a Latin-1 letter", "é"],
    ["a space inside it", " "],
    ["a tab inside it", "\t"],
    ["a line break inside it", "\n"],
  ])("refuses a key with %s at construction, never echoing it, with nothing sent", (_name, char) => {
    const fetch = vi.fn(async () => new Response("{}"));
    const key = `mk_live_${char}Secr3tKeyPart9fJ2`;
    let error: unknown;
    try {
      createCrmClient({ apiKey: key, fetch });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ZohoKitError);
    expect((error as Error).message).toMatch(/position 9 of \d+/);
    expect(everything(error)).not.toContain("Secr3tKeyPart9fJ2");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("refuses a key too short to be told apart from ordinary text", () => {
    expect(() => createCrmClient({ apiKey: "k3y" })).toThrow(/3 characters long.*at least 8/);
    expect(() => createCrmClient({ apiKey: "12345678" })).not.toThrow();
  });
});

/** Each way a gateway or proxy may echo a credential: what it sends, given the key and the connection id. */
const ECHOES: Array<[string, (key: string, connection: string) => string]> = [
  ["as sent", (key) => key],
  ["percent-encoded, upper-case hex", (key) => encodeURIComponent(key)],
  [
    "percent-encoded, lower-case hex",
    (key) => encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  ],
  ["encodeURI, which leaves / alone", (key) => encodeURI(key).replace(/\+/g, "%2B").replace(/=/g, "%3D")],
  ["form encoding", (key) => new URLSearchParams({ key }).toString()],
  ["percent-encoded twice", (key) => encodeURIComponent(encodeURIComponent(key))],
  [
    "every character percent-encoded",
    (key) => [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
  ],
  ["JSON \\u escapes", (key) => [...key].map((c) => `\\u00${c.charCodeAt(0).toString(16)}`).join("")],
  ["HTML entities", (key) => [...key].map((c) => `&#${c.charCodeAt(0)};`).join("")],
  ["base64 of the header", (key) => Buffer.from(`Bearer ${key}`).toString("base64")],
  ["base64url of the key", (key) => Buffer.from(key).toString("base64url")],
  ["base64, then percent-encoded", (key) => encodeURIComponent(Buffer.from(`x${key}`).toString("base64"))],
  ["the key in capitals", (key) => key.toUpperCase()],
  ["the connection id in capitals", (_key, connection) => connection.toUpperCase()],
  ["the connection id percent-encoded", (_key, connection) => connection.replace(/-/g, "%2d")],
];

describe("redaction of every form of a secret", () => {
  it.each(ECHOES)(
    "redacts the credential echoed %s in messages, details and causes",
    async (_name, encode) => {
      const echoed = encode(KEY, CONNECTION);
      server = await scriptedServer((_request, res) =>
        sendJson(res, 400, {
          code: "INVALID_DATA",
          message: `bad credential ${echoed}!`,
          details: { echo: echoed, [`k-${echoed}`]: 1, nested: [{ value: `(${echoed})` }] },
          status: "error",
        }),
      );
      const crm = createCrmClient({ apiKey: KEY, connection: CONNECTION, baseUrl: server.url, retry: false });
      const error = (await crm.records
        .get("Leads", "5725767000000524157")
        .catch((e: unknown) => e)) as ApiError;
      const printed = everything(error);
      expect(error.message).toMatch(/bad credential \S*\[redacted\]\S*!/);
      expect(printed).not.toContain(echoed);
      expect(JSON.stringify(error.details)).not.toContain(echoed);
      expect(findLeaks(printed, [KEY, CONNECTION])).toEqual([]);
    },
  );
});

describe("error bodies of unexpected shapes", () => {
  it.each([
    [{ error: "Invalid API key" }, /failed with 401 HTTP_ERROR: Invalid API key/],
    [{ message: "Gateway says no" }, /failed with 401 HTTP_ERROR: Gateway says no/],
    [{ error: { type: "auth", description: "Key revoked" } }, /failed with 401 auth: Key revoked/],
    [{ something: ["else", 1] }, /the body was "\{\\"something\\":\[\\"else\\",1\]\}"/],
  ])("keeps the server's words from %j", async (body, pattern) => {
    server = await scriptedServer((_request, res) => sendJson(res, 401, body));
    const crm = createCrmClient({ apiKey: KEY, baseUrl: server.url, retry: false });
    const error = (await crm.org.get().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toMatch(/with no body/);
  });
});
