/**
 * Reads a bundled spec (specs/bundled/*.yaml) for the tests that check data against it: finds the operation serving
 * a concrete request path the way Prism does (a concrete segment beats a template) and compiles the schema of a
 * response, a request body or a query parameter with draft-07 rules, as Prism applies them.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { bundledSpec } from "./prism.js";

type JsonObject = { [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads a bundled spec once and gives its lookups and validators. */
export function specLookup(name: "zoho-crm.v8" | "zoho-bigin.v2") {
  const SPEC_ID = `${name}.json`;
  const spec = parse(readFileSync(bundledSpec(name), "utf8")) as JsonObject;
  const paths = spec.paths as Record<string, Record<string, unknown>>;

  /** Follows local `$ref`s (`#/components/...`) of the bundle. */
  function deref(node: unknown): JsonObject {
    let current = node;
    while (isObject(current) && typeof current.$ref === "string") {
      const pointer = current.$ref.replace(/^#\//, "").split("/");
      current = pointer.reduce<unknown>(
        (parent, key) => (isObject(parent) ? parent[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined),
        spec,
      );
    }
    if (!isObject(current)) throw new Error(`unresolvable node ${JSON.stringify(node)}`);
    return current;
  }

  /** Rewrites local refs to absolute ones so that any sub-schema compiles on its own. */
  function absoluteRefs(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(absoluteRefs);
    if (!isObject(node)) return node;
    const copy: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] =
        key === "$ref" && typeof value === "string" && value.startsWith("#")
          ? SPEC_ID + value
          : absoluteRefs(value);
    }
    return copy;
  }

  function newAjv(options: { coerceTypes?: boolean } = {}): Ajv {
    const ajv = new Ajv({ strict: false, allErrors: true, ...options });
    ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
    ajv.addFormat("date", /^\d{4}-\d\d-\d\d$/);
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S+$/i);
    ajv.addFormat("binary", () => true);
    ajv.addSchema(absoluteRefs(spec) as JsonObject, SPEC_ID);
    return ajv;
  }
  const bodies = newAjv();
  // Query values arrive as strings: coerce them as Prism does before checking integers and booleans.
  const queries = newAjv({ coerceTypes: true });

  /** The spec path template that serves a concrete path for a method, preferring concrete segments (as Prism does). */
  function templateFor(actualPath: string, method: string): string | undefined {
    const actual = actualPath.split("/");
    let best: { template: string; score: number } | undefined;
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item[method])) continue;
      const segments = template.split("/");
      if (segments.length !== actual.length) continue;
      let score = 0;
      for (const [i, segment] of segments.entries()) {
        if (/^\{.+\}$/.test(segment)) score += 0.5;
        else if (segment === actual[i]) score += 1;
        else {
          score = -1;
          break;
        }
      }
      if (score >= 0 && (!best || score > best.score)) best = { template, score };
    }
    return best?.template;
  }

  function operation(template: string, method: string): JsonObject {
    const found = paths[template]?.[method];
    if (!isObject(found)) throw new Error(`no ${method} ${template} in the spec`);
    return found;
  }

  /** The JSON schema documented for a status (undefined: the status has no body, as 204), or for the request body. */
  function bodySchema(template: string, method: string, target: number | "request"): JsonObject | undefined {
    const op = operation(template, method);
    const documented = target === "request" ? op.requestBody : (op.responses as JsonObject)[String(target)];
    if (documented === undefined) throw new Error(`${method} ${template} documents no ${target}`);
    const content = deref(documented).content;
    if (content === undefined) return undefined;
    const media = isObject(content) ? content["application/json"] : undefined;
    if (!isObject(media) || !isObject(media.schema)) throw new Error("no application/json schema");
    return media.schema;
  }

  /** Every query parameter of an operation (its own and its path item's), by name. */
  function queryParameters(template: string, method: string): Map<string, JsonObject> {
    const item = paths[template] as JsonObject;
    const all = [
      ...((item.parameters as unknown[]) ?? []),
      ...((operation(template, method).parameters as unknown[]) ?? []),
    ];
    const found = new Map<string, JsonObject>();
    for (const parameter of all.map(deref)) {
      if (parameter.in === "query") found.set(String(parameter.name), parameter);
    }
    return found;
  }

  const compiled = new Map<object, ValidateFunction>();
  function errorsOf(validator: ValidateFunction, value: unknown): string[] {
    if (validator(value)) return [];
    return (validator.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
    );
  }

  /** Validation errors of a body against a schema of the bundle (empty: valid). */
  function validateBody(schema: JsonObject, body: unknown): string[] {
    let validator = compiled.get(schema);
    if (!validator) {
      validator = bodies.compile(absoluteRefs(schema) as JsonObject);
      compiled.set(schema, validator);
    }
    return errorsOf(validator, body);
  }

  /** Validation errors of one query value (a string) against its parameter's schema, coerced as Prism does. */
  function validateQueryValue(parameter: JsonObject, value: string): string[] {
    let validator = compiled.get(parameter);
    if (!validator) {
      const wrapper = { type: "object", properties: { value: parameter.schema }, required: ["value"] };
      validator = queries.compile(absoluteRefs(wrapper) as JsonObject);
      compiled.set(parameter, validator);
    }
    return errorsOf(validator, { value });
  }

  /** The JSON schema of the request body of a `webhooks` entry (what Zoho POSTs to the user's URL). */
  function webhookBodySchema(name: string): JsonObject {
    const webhooks = spec.webhooks as Record<string, JsonObject> | undefined;
    const post = webhooks?.[name]?.post;
    if (!isObject(post)) throw new Error(`no webhook ${name} in the spec`);
    const content = deref(post.requestBody).content;
    const media = isObject(content) ? content["application/json"] : undefined;
    if (!isObject(media) || !isObject(media.schema)) throw new Error("no application/json schema");
    return media.schema;
  }

  /** The operation of an operationId: its path template and method. */
  function operationById(operationId: string): { path: string; method: string } {
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, found] of Object.entries(item)) {
        if (isObject(found) && found.operationId === operationId) return { path, method };
      }
    }
    throw new Error(`no operation ${operationId} in the spec`);
  }

  return {
    spec,
    paths,
    deref,
    templateFor,
    operation,
    operationById,
    bodySchema,
    queryParameters,
    validateBody,
    validateQueryValue,
    webhookBodySchema,
  };
}
