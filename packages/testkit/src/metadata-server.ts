/**
 * The metadata server of typegen's tests and the demo, now a thin layer over @zohokit/mock: it serves an org's
 * metadata (/org, /settings/modules, /settings/fields, ...) as given, even when it is broken, and lists the
 * requests as "METHOD /path?query".
 */

import { type OrgSnapshot, startMockGateway } from "@zohokit/mock";

export interface OrgFixture {
  app: "crm" | "bigin";
  org: Record<string, unknown>;
  modules: Record<string, unknown>[];
  fields: Record<string, unknown[]>;
  /** settings/related_lists per module; without it the mock makes them up from the modules. */
  relatedLists?: Record<string, unknown[]>;
}

export interface MetadataServer {
  /** The gateway base URL to give the client (paths are /crm/v8/... or /bigin/v2/... under it). */
  url: string;
  /** Every request path and query received, in order. */
  requests: string[];
  /** Replaces what the server answers for the org (to simulate drift). */
  setFixture(fixture: OrgFixture): void;
  close(): Promise<void>;
}

const snapshot = (fixture: OrgFixture): OrgSnapshot => ({
  app: fixture.app,
  org: fixture.org,
  modules: fixture.modules,
  fields: fixture.fields,
  ...(fixture.relatedLists ? { relatedLists: fixture.relatedLists } : {}),
});

/** Serves an org's metadata the way the gateway does, on a loopback port. */
export async function startMetadataServer(initial: OrgFixture): Promise<MetadataServer> {
  const gateway = await startMockGateway({ app: initial.app, org: snapshot(initial), acceptAnyKey: true });
  const requests: string[] = [];
  return {
    url: gateway.url,
    get requests() {
      requests.length = 0;
      for (const r of gateway.requests) {
        const search = new URLSearchParams(r.query).toString();
        requests.push(`${r.method} ${r.path}${search ? `?${search}` : ""}`);
      }
      return requests;
    },
    setFixture(fixture) {
      // An in-memory snapshot is taken as it is: setOrg settles at once, before the next request can arrive.
      void gateway.setOrg(snapshot(fixture));
    },
    close: () => gateway.close(),
  };
}
