/**
 * Bigin's real answers, as public recordings show them, must fit specs/bundled/zoho-bigin.v2.yaml. The recordings
 * (NangoHQ/integration-templates, integrations/zoho-bigin/tests/*.test.json, in the commits named per fixture) are
 * not copied here: each fixture in test/fixtures/recorded/ reproduces the shape of one recording with our own ids,
 * names and dates, and names the recording it mirrors in `_mirrors` (repo, commit, path).
 *
 * For every call of a fixture: the concrete path is routed to its spec operation as Prism routes it (concrete
 * segments first), the answer must validate against the schema documented for that status (a 204 must have an empty
 * body), the request body against the documented request body, and every query value sent against its parameter
 * (required ones must be present). Query parameters the spec does not declare are listed in UNDECLARED_QUERY, each
 * with the reason the spec leaves it out; any other one fails the test.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bodySchema,
  isObject,
  queryParameters,
  templateFor,
  validateBody,
  validateQueryValue,
} from "./spec-lookup.js";

const FIXTURES = new URL("./fixtures/recorded/", import.meta.url);

/** Query parameters sent in recordings that the spec does not declare, and why. */
const UNDECLARED_QUERY: Record<string, string> = {
  approved:
    "sent by the recorded Accounts sync (approved=both); documented for Bigin v1 only, not for v2's Get records",
};

interface Call {
  method: string;
  path: string;
  query?: Record<string, string>;
  requestBody?: unknown;
  status: number;
  body: unknown;
}
interface Fixture {
  _mirrors: { repo: string; commit: string; path: string };
  calls: Call[];
}

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as Fixture) }));

describe("recorded Bigin answers (as fixtures of the same shape) against the bundled spec", () => {
  it("has fixtures, each naming the recording it mirrors", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    for (const fixture of fixtures) {
      expect(fixture._mirrors.repo).toBe("NangoHQ/integration-templates");
      expect(fixture._mirrors.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(fixture._mirrors.path).toBe(
        `integrations/zoho-bigin/tests/${fixture.name.replace(/\.json$/, ".test.json")}`,
      );
      expect(fixture.calls.length).toBeGreaterThan(0);
    }
  });

  for (const fixture of fixtures) {
    for (const [index, call] of fixture.calls.entries()) {
      const label = `${fixture.name}#${index}: ${call.method.toUpperCase()} ${call.path} -> ${call.status}`;
      it(label, () => {
        const template = templateFor(call.path, call.method);
        expect(template, "an operation of the spec serves this path").toBeDefined();
        if (!template) return;

        const schema = bodySchema(template, call.method, call.status);
        if (schema === undefined) {
          expect(call.status).toBe(204);
          expect(call.body).toBe("");
        } else {
          expect(validateBody(schema, call.body)).toEqual([]);
        }

        if (call.requestBody !== undefined) {
          const requestSchema = bodySchema(template, call.method, "request");
          expect(requestSchema, "the spec documents a JSON request body").toBeDefined();
          if (requestSchema) expect(validateBody(requestSchema, call.requestBody)).toEqual([]);
        }

        const declared = queryParameters(template, call.method);
        const sent = call.query ?? {};
        const problems: string[] = [];
        for (const [name, parameter] of declared) {
          if (parameter.required === true && !(name in sent)) problems.push(`${name}: required but not sent`);
        }
        for (const [name, value] of Object.entries(sent)) {
          const parameter = declared.get(name);
          if (!parameter) {
            if (!(name in UNDECLARED_QUERY)) problems.push(`${name}: not declared by ${template}`);
            continue;
          }
          for (const error of validateQueryValue(parameter, value))
            problems.push(`${name}=${value}: ${error}`);
        }
        expect(problems).toEqual([]);
      });
    }
  }

  it("fails a fixture that breaks the spec (the check can fail)", () => {
    const template = templateFor("/bigin/v2/Contacts/5725767000000412055/Products", "get");
    expect(template).toBe("/bigin/v2/{module_api_name}/{record_id}/{related_list_api_name}");
    const schema = bodySchema(template!, "get", 200);
    expect(isObject(schema)).toBe(true);
    expect(validateBody(schema!, { data: [{ Product_Name: "no id" }] }).length).toBeGreaterThan(0);
  });
});
