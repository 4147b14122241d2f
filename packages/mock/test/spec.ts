/**
 * The bundled specs (specs/bundled/*.yaml) as validators of answers: the documented response schema of an
 * operation and status, compiled with ajv (draft-07 rules, as Prism applies them, and as
 * packages/crm/test/spec-samples.test.ts checks Zoho's own samples).
 */

import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

type JsonObject = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  responses: JsonObject;
}

export interface Spec {
  operation(operationId: string): SpecOperation | undefined;
  /** Why a body does not fit what the operation documents for the status (none: it fits). */
  problems(operation: SpecOperation, status: number, body: string, contentType: string | null): string[];
  /** Why a body is not the spec's Error schema (for answers no route served). */
  errorProblems(body: string): string[];
}

export function loadSpec(name: "zoho-crm.v8" | "zoho-bigin.v2" | "maton"): Spec {
  const url = new URL(`../../../specs/bundled/${name}.yaml`, import.meta.url);
  const spec = parse(readFileSync(url, "utf8")) as JsonObject;
  const id = `${name}.json`;
  const absoluteRefs = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(absoluteRefs);
    if (!isObject(node)) return node;
    const copy: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] =
        key === "$ref" && typeof value === "string" && value.startsWith("#")
          ? id + value
          : absoluteRefs(value);
    }
    return copy;
  };
  const deref = (node: unknown): JsonObject => {
    let current = node;
    while (isObject(current) && typeof current.$ref === "string") {
      const pointer = current.$ref.replace(/^#\//, "").split("/");
      current = pointer.reduce<unknown>((parent, key) => (isObject(parent) ? parent[key] : undefined), spec);
    }
    if (!isObject(current)) throw new Error(`unresolvable node ${JSON.stringify(node)}`);
    return current;
  };

  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  ajv.addFormat("date", /^\d{4}-\d\d-\d\d$/);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addSchema(absoluteRefs(spec) as JsonObject, id);
  const validators = new Map<JsonObject, ValidateFunction>();
  const validate = (schema: JsonObject, value: unknown): string[] => {
    let validator = validators.get(schema);
    if (!validator) {
      validator = ajv.compile(absoluteRefs(schema) as JsonObject);
      validators.set(schema, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
    );
  };
  const parseJson = (body: string): { value?: unknown; problem?: string } => {
    try {
      return { value: JSON.parse(body) };
    } catch {
      return { problem: `the body is not JSON: ${body.slice(0, 80)}` };
    }
  };

  const paths = spec.paths as Record<string, Record<string, unknown>>;
  const operations = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (isObject(operation) && typeof operation.operationId === "string") {
        operations.set(operation.operationId, {
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          responses: operation.responses as JsonObject,
        });
      }
    }
  }

  return {
    operation: (operationId) => operations.get(operationId),
    problems(operation, status, body, contentType) {
      const documented = operation.responses[String(status)];
      if (documented === undefined) return [`the spec documents no ${status} for ${operation.operationId}`];
      const content = deref(documented).content;
      if (content === undefined)
        return body === "" ? [] : [`a ${status} has no body in the spec, got ${body.slice(0, 80)}`];
      const media = isObject(content) ? content["application/json"] : undefined;
      if (!isObject(media) && isObject(content)) {
        // A binary answer (a download): any content type is the file's own, the body any bytes.
        const binary = Object.values(content).some(
          (m) => isObject(m) && isObject(m.schema) && m.schema.format === "binary",
        );
        return binary && !contentType?.startsWith("application/json")
          ? []
          : [`a ${status} is binary in the spec, got ${contentType}`];
      }
      if (!isObject(media) || !isObject(media.schema)) return [`no application/json schema for ${status}`];
      if (!contentType?.startsWith("application/json")) return [`Content-Type is ${contentType}, not JSON`];
      const parsed = parseJson(body);
      return parsed.problem ? [parsed.problem] : validate(media.schema, parsed.value);
    },
    errorProblems(body) {
      const parsed = parseJson(body);
      const error = (spec.components as JsonObject | undefined)?.schemas as JsonObject | undefined;
      if (!isObject(error?.Error)) return ["the spec has no Error schema"];
      return parsed.problem ? [parsed.problem] : validate(error.Error, parsed.value);
    },
  };
}
