/**
 * The gateway as the Redis limiter tests need it: testkit's scripted server, which counts requests in flight and
 * lets a test decide each answer, and the org answer those tests read.
 */

import type { ServerResponse } from "node:http";
import { type ScriptedServer, type Seen, scriptedServer } from "@zohokit/testkit";

export { sendJson as answerJson } from "@zohokit/testkit";

export type Answer = (arrival: Seen, response: ServerResponse) => unknown;

export type ZohoStub = ScriptedServer;

export const ORG = { org: [{ id: "5725767000000021001", company_name: "Zylker" }] };

export function startZohoStub(answer: Answer): Promise<ZohoStub> {
  return scriptedServer(async (arrival, response) => {
    await answer(arrival, response);
  });
}
