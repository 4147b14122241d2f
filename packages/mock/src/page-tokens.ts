/**
 * page_token for lists past 2,000 records: signed, bound to the list's parameters, expiring (24 h by default),
 * all expirable at once. A token carries its offset; nothing is kept per token, so there is nothing to bound.
 */

import { createHmac } from "node:crypto";
import { invalidParam, type Reply, zohoError } from "./errors.js";
import { bytesFrom } from "./random.js";

interface TokenPayload {
  /** offset */
  o: number;
  /** hash of the bound parameters */
  b: string;
  /** expiry, ms since the epoch */
  e: number;
  /** generation: expireAll() moves to the next */
  g: number;
}

export class PageTokens {
  private readonly key: Buffer;
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    random: (() => number) | undefined,
  ) {
    this.key = bytesFrom(random, 32);
  }

  /** Every token issued so far answers EXPIRED_VALUE from now on. */
  expireAll(): void {
    this.generation++;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url").slice(0, 22);
  }

  issue(offset: number, binding: string): { token: string; expiry: number } {
    const expiry = Date.now() + this.ttlMs;
    const payload: TokenPayload = { o: offset, b: binding, e: expiry, g: this.generation };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return { token: `${body}.${this.sign(body)}`, expiry };
  }

  /** The offset a token stands for, or Zoho's error for a bad, expired or rebound token. */
  read(token: string, binding: string): number | Reply {
    const [body = "", signature] = token.split(".");
    let payload: TokenPayload | undefined;
    if (signature && signature === this.sign(body)) {
      try {
        payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenPayload;
      } catch {
        payload = undefined;
      }
    }
    if (!payload || !Number.isInteger(payload.o)) return invalidParam("page_token");
    if (payload.g !== this.generation || Date.now() >= payload.e) {
      return zohoError(400, "EXPIRED_VALUE", "Page token expired", {
        api_name: "page_token",
        json_path: "$.query.page_token",
      });
    }
    if (payload.b !== binding) {
      return zohoError(
        400,
        "TOKEN_BOUND_DATA_MISMATCH",
        "The page_token given seems to be invalid or input param is added or altered or deleted",
        { param_name: "page_token" },
      );
    }
    return payload.o;
  }
}
