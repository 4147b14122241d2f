import { ZohoKitError } from "@zohokit/core";
import { describe, expect, it } from "vitest";
import { redisLimiter } from "../src/index.js";

const url = "redis://127.0.0.1:6379";

describe("redisLimiter() options, checked before anything connects", () => {
  it("needs a redis:// URL and says so without quoting it (it may hold a password)", () => {
    const secret = "http://user:hunter2hunter2@example.test";
    expect(() => redisLimiter({ url: secret, maxConcurrency: 5 })).toThrow(ZohoKitError);
    expect(() => redisLimiter({ url: secret, maxConcurrency: 5 })).toThrow(/a string of 39 characters/);
    try {
      redisLimiter({ url: secret, maxConcurrency: 5 });
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
    expect(() => redisLimiter({ url: 42 as never, maxConcurrency: 5 })).toThrow(/got number/);
  });

  it("needs maxConcurrency, an integer from 1 to 1000", () => {
    expect(() => redisLimiter({ url } as never)).toThrow(/maxConcurrency: the org's limit/);
    expect(() => redisLimiter({ url, maxConcurrency: 0 })).toThrow(/maxConcurrency must be an integer/);
    expect(() => redisLimiter({ url, maxConcurrency: 2.5 })).toThrow(/maxConcurrency/);
  });

  it("refuses unknown options, bad choices, keys and durations", () => {
    expect(() => redisLimiter({ url, maxConcurrency: 5, leaseMS: 10 } as never)).toThrow(
      /no option "leaseMS"/,
    );
    expect(() => redisLimiter({ url, maxConcurrency: 5, onUnavailable: "retry" as never })).toThrow(
      /onUnavailable must be one of fail, local/,
    );
    expect(() => redisLimiter({ url, maxConcurrency: 5, whenCreditsLow: "slow" as never })).toThrow(
      /whenCreditsLow/,
    );
    expect(() => redisLimiter({ url, maxConcurrency: 5, key: "has space" })).toThrow(/key must be/);
    expect(() => redisLimiter({ url, maxConcurrency: 5, leaseMs: 10 })).toThrow(/leaseMs must be an integer/);
    expect(() => redisLimiter({ url, maxConcurrency: 5, minCredits: -1 })).toThrow(/minCredits/);
    expect(() => redisLimiter({ url, maxConcurrency: 5, onCredits: "log" as never })).toThrow(
      /onCredits must be a function/,
    );
  });
});
