/**
 * Shared by the raw-*.prism.test.ts files: `crm.raw` against the Prism mock of specs/bundled/zoho-crm.v8.yaml, with
 * strictPrismFetch (a request that breaks the spec rejects with SpecViolation, Prism's 422), and a bare
 * openapi-fetch client over the same generated paths for binary answers: zohokit's transport reads every answer as
 * JSON, so downloads (attachments, bulk read results) are read here without it.
 */
import { SpecViolation, strictPrismFetch } from "@zohokit/testkit";
import createFetchClient from "openapi-fetch";
import { expect, inject } from "vitest";
import type { paths } from "../src/generated/zoho-crm.js";
import { createCrmClient } from "../src/index.js";

const API_KEY = "mk_prism_crm_0123456789";

export const LEAD_ID = "7328395000000680100";
export const ACCOUNT_ID = "7328395000000710005";
export const CONTACT_ID = "7328395000000710006";

/** The typed openapi-fetch client of a CRM client pointed at Prism. */
export function raw(prefer?: string) {
  return createCrmClient({
    apiKey: API_KEY,
    connection: "21fd90f9-5935-43cd-b6c8-bde9d915ca80",
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(prefer ? { prefer } : {}),
    retry: false,
  }).raw;
}

/** An openapi-fetch client over the generated paths without zohokit's transport, for binary answers. */
export function bareRaw() {
  return createFetchClient<paths>({
    baseUrl: inject("prismUrl"),
    fetch: strictPrismFetch(),
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
}

/** The call was refused by Prism as breaking the spec (a 422): proof that the spec is strict there. */
export async function expectSpecViolation(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(SpecViolation);
}

/** A 2xx answer with a body. */
export function expectOk(result: { response: Response; data?: unknown }): void {
  expect(result.response.status).toBeGreaterThanOrEqual(200);
  expect(result.response.status).toBeLessThan(300);
  expect(result.data).toBeDefined();
}
