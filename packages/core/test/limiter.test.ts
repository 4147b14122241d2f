import { describe, expect, it } from "vitest";
import type { LimiterRequest, LimiterScope, RateLimiter } from "../src/index.js";
import { createCoreClient } from "../src/internal.js";

const API_KEY = "mk_core_secret_1234567890";
const CONNECTION = "3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const OTHER_CONNECTION = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** A limiter that serves many clients, recording who asked and what for. */
function recordingLimiter() {
  const scopes: LimiterScope[] = [];
  const requests: { scope: string; request: LimiterRequest | undefined }[] = [];
  const limiter: RateLimiter = {
    acquire: async () => () => {},
    pause: () => {},
    pausedUntil: () => 0,
    forClient(scope) {
      scopes.push(scope);
      return {
        acquire: async (_signal, request) => {
          requests.push({ scope: scope.id, request });
          return () => {};
        },
        pause: () => {},
        pausedUntil: () => 0,
      };
    },
  };
  return { limiter, scopes, requests };
}

function client(limiter: RateLimiter, connection?: string) {
  return createCoreClient<Record<string, never>>(
    {
      apiKey: API_KEY,
      connection,
      limiter,
      fetch: async () => Response.json({ data: [] }),
    },
    { baseUrl: "https://gateway.example.test/zoho-crm" },
  );
}

async function get(c: ReturnType<typeof client>) {
  await c.request({ method: "GET", path: "/crm/v8/Leads" as never });
}

describe("a limiter with forClient (one store for many orgs)", () => {
  it("is scoped once per client by a digest of gateway, key and connection that holds neither secret", async () => {
    const { limiter, scopes, requests } = recordingLimiter();
    const a = client(limiter, CONNECTION);
    const b = client(limiter, CONNECTION);
    const c = client(limiter, OTHER_CONNECTION);
    await get(a);
    await get(a);
    await get(b);
    await get(c);
    expect(scopes).toHaveLength(3);
    for (const { id } of scopes) {
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(id).not.toContain(API_KEY);
      expect(id).not.toContain(CONNECTION.replace(/-/g, ""));
    }
    expect(scopes[0]!.id).toBe(scopes[1]!.id);
    expect(scopes[2]!.id).not.toBe(scopes[0]!.id);
    expect(requests.map((r) => r.scope)).toEqual([
      scopes[0]!.id,
      scopes[0]!.id,
      scopes[1]!.id,
      scopes[2]!.id,
    ]);
  });

  it("is told which call each slot is for", async () => {
    const { limiter, requests } = recordingLimiter();
    await get(client(limiter));
    expect(requests[0]!.request).toEqual({ method: "GET", path: "/crm/v8/Leads" });
  });

  it("a limiter without forClient is used as given", async () => {
    const asked: (LimiterRequest | undefined)[] = [];
    const plain: RateLimiter = {
      acquire: async (_signal, request) => {
        asked.push(request);
        return () => {};
      },
      pause: () => {},
      pausedUntil: () => 0,
    };
    await get(client(plain));
    expect(asked).toEqual([{ method: "GET", path: "/crm/v8/Leads" }]);
  });
});
