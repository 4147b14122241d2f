import {
  anyHostileString,
  type CriteriaCondition,
  type CriteriaNode,
  criteriaConditions,
  hostileString as hostileStringOf,
  parseCriteria,
} from "@zohokit/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  and,
  between,
  type Criteria,
  type CriteriaOperator,
  type CriteriaValue,
  eq,
  escapeCriteriaValue,
  gt,
  gte,
  inList,
  lt,
  lte,
  MAX_CONDITIONS,
  MAX_IN_VALUES,
  notEqual,
  or,
  startsWith,
  ZohoKitError,
} from "../src/index.js";
import { criteriaOperators } from "../src/internal.js";

/** Whether a string is well-formed UTF-16 (no unpaired surrogate), i.e. whether it can be URL-encoded. */
function wellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const hostileString = hostileStringOf();
const anyString = anyHostileString();

const fieldName = fc.stringMatching(/^[A-Za-z0-9_$.]{1,24}$/);

/** A value as given to the builder, and the text Zoho should read back after unescaping. */
const scalar: fc.Arbitrary<{ value: CriteriaValue; text: string }> = fc.oneof(
  { weight: 6, arbitrary: hostileString.map((value) => ({ value, text: value })) },
  {
    weight: 1,
    arbitrary: fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .map((value) => ({ value, text: String(value) })),
  },
  { weight: 1, arbitrary: fc.integer().map((value) => ({ value, text: String(value) })) },
  { weight: 1, arbitrary: fc.bigInt().map((value) => ({ value, text: String(value) })) },
  { weight: 1, arbitrary: fc.boolean().map((value) => ({ value, text: String(value) })) },
  {
    weight: 1,
    arbitrary: fc
      .date({
        min: new Date(Date.UTC(1000, 0, 1)),
        max: new Date(Date.UTC(9999, 11, 31)),
        noInvalidDate: true,
      })
      .map((value) => ({
        value,
        text: value.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
      })),
  },
);

type Leaf = { field: string; op: CriteriaOperator; values: { value: CriteriaValue; text: string }[] };
type Tree = { leaf: Leaf } | { join: "and" | "or"; children: Tree[] };

const SINGLE: Record<string, (field: string, value: never) => Criteria> = {
  equals: eq,
  not_equal: notEqual,
  greater_than: gt,
  greater_equal: gte,
  less_than: lt,
  less_equal: lte,
};

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc
    .record({
      field: fieldName,
      op: fc.constantFrom<CriteriaOperator>(
        "equals",
        "not_equal",
        "greater_than",
        "greater_equal",
        "less_than",
        "less_equal",
      ),
      value: scalar,
    })
    .map(({ field, op, value }) => ({ field, op, values: [value] })),
  fc.record({ field: fieldName, value: hostileString }).map(({ field, value }) => ({
    field,
    op: "starts_with" as const,
    values: [{ value, text: value }],
  })),
  fc
    .record({ field: fieldName, values: fc.array(scalar, { minLength: 1, maxLength: 8 }) })
    .map(({ field, values }) => ({ field, op: "in" as const, values })),
  fc
    .record({ field: fieldName, from: scalar, to: scalar })
    .map(({ field, from, to }) => ({ field, op: "between" as const, values: [from, to] })),
);

const tree = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ leaf }),
    fc.record({
      join: fc.constantFrom<"and" | "or">("and", "or"),
      children: fc.array(tie("tree"), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).tree;

function buildLeaf({ field, op, values }: Leaf): Criteria {
  const raw = values.map((v) => v.value);
  if (op === "starts_with") return startsWith(field, raw[0] as string);
  if (op === "in") return inList(field, raw);
  if (op === "between") return between(field, raw[0]!, raw[1]!);
  return SINGLE[op]!(field, raw[0] as never);
}

function build(node: Tree): Criteria {
  if ("leaf" in node) return buildLeaf(node.leaf);
  const parts = node.children.map(build);
  return node.join === "and" ? and(...parts) : or(...parts);
}

function expected(node: Tree): CriteriaNode {
  if ("leaf" in node) {
    const { field, op, values } = node.leaf;
    return { field, op, values: values.map((v) => v.text) } as CriteriaCondition;
  }
  if (node.children.length === 1) return expected(node.children[0]!);
  const children = node.children.map(expected);
  return node.join === "and" ? { and: children } : { or: children };
}

function leaves(node: Tree): Leaf[] {
  return "leaf" in node ? [node.leaf] : node.children.flatMap(leaves);
}

/** Builds, or returns the ZohoKitError the builder refused with; anything else fails the property. */
function tryBuild(make: () => Criteria): Criteria | ZohoKitError {
  try {
    return make();
  } catch (error) {
    if (error instanceof ZohoKitError) return error;
    throw error;
  }
}

const RUNS = 500;

describe("criteria builder against hostile values (property-based)", () => {
  it(`escapeCriteriaValue: the testkit parser reads back every well-formed string (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fieldName, hostileString, (field, value) => {
        const parsed = parseCriteria(`(${field}:equals:${escapeCriteriaValue(value)})`);
        expect(parsed).toEqual({ field, op: "equals", values: [value] });
      }),
      { numRuns: RUNS },
    );
  });

  it(`eq / startsWith / in / between survive escaping with any value, or refuse it clearly (${RUNS} runs)`, () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fieldName,
        anyString,
        fc.array(anyString, { minLength: 1, maxLength: 10 }),
        anyString,
        (field, value, list, other) => {
          const cases: Array<[CriteriaOperator, string[], () => Criteria]> = [
            ["equals", [value], () => eq(field, value)],
            ["starts_with", [value], () => startsWith(field, value)],
            ["in", list, () => inList(field, list)],
            ["between", [value, other], () => between(field, value, other)],
          ];
          for (const [op, values, make] of cases) {
            const built = tryBuild(make);
            if (!values.every(wellFormed)) {
              // A string with an unpaired surrogate cannot be URL-encoded: refused before any request.
              expect(built).toBeInstanceOf(ZohoKitError);
              expect((built as Error).message).toMatch(/surrogate|Unicode/i);
              refused++;
              continue;
            }
            if (built instanceof ZohoKitError) throw built;
            expect(parseCriteria(built.text)).toEqual({ field, op, values });
            expect(() => encodeURIComponent(built.text)).not.toThrow();
          }
        },
      ),
      { numRuns: RUNS },
    );
    console.log(
      `criteria property: ${RUNS * 4 - refused} of ${RUNS * 4} builds parsed back to their values, ${refused} refused (unpaired surrogates)`,
    );
  });

  it(`and/or trees of any shape parse back to the same tree, or are refused past ${MAX_CONDITIONS} conditions (${RUNS} runs)`, () => {
    const stats = { built: 0, tooMany: 0, maxDepthSeen: 0 };
    const depth = (node: Tree): number => ("leaf" in node ? 0 : 1 + Math.max(...node.children.map(depth)));
    fc.assert(
      fc.property(tree, (node) => {
        const conditions = leaves(node);
        const built = tryBuild(() => build(node));
        if (conditions.length > MAX_CONDITIONS) {
          expect(built).toBeInstanceOf(ZohoKitError);
          expect((built as Error).message).toMatch(/at most 10 conditions/);
          stats.tooMany++;
          return;
        }
        if (built instanceof ZohoKitError) throw built;
        stats.built++;
        stats.maxDepthSeen = Math.max(stats.maxDepthSeen, depth(node));
        const parsed = parseCriteria(built.text);
        expect(parsed).toEqual(expected(node));
        expect(built.conditions).toBe(conditions.length);
        expect(criteriaConditions(parsed)).toHaveLength(conditions.length);
        expect([...criteriaOperators(built)].sort()).toEqual(
          [...new Set(conditions.map((c) => c.op))].sort(),
        );
      }),
      { numRuns: RUNS },
    );
    console.log(
      `criteria trees: ${stats.built} built and parsed back (depth up to ${stats.maxDepthSeen}), ${stats.tooMany} refused for > ${MAX_CONDITIONS} conditions`,
    );
    expect(stats.built).toBeGreaterThan(RUNS / 4);
  });

  it("any field name is used as is when it is an API name, and refused with a ZohoKitError otherwise", () => {
    fc.assert(
      fc.property(fc.oneof(fieldName, anyString), hostileString, (field, value) => {
        const built = tryBuild(() => eq(field, value));
        if (/^[A-Za-z0-9_$.]+$/.test(field)) {
          expect(built).not.toBeInstanceOf(ZohoKitError);
          expect(parseCriteria((built as Criteria).text)).toEqual({ field, op: "equals", values: [value] });
        } else {
          expect(built).toBeInstanceOf(ZohoKitError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("in() takes 1 to 100 values and refuses other counts and non-finite numbers with a ZohoKitError", () => {
    fc.assert(
      fc.property(
        fieldName,
        fc.array(hostileString, { minLength: 0, maxLength: MAX_IN_VALUES + 20 }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (field, values, bad) => {
          const built = tryBuild(() => inList(field, values));
          if (values.length === 0 || values.length > MAX_IN_VALUES)
            expect(built).toBeInstanceOf(ZohoKitError);
          else expect(parseCriteria((built as Criteria).text)).toEqual({ field, op: "in", values });
          expect(tryBuild(() => eq(field, bad))).toBeInstanceOf(ZohoKitError);
          expect(tryBuild(() => eq(field, new Date(Number.NaN)))).toBeInstanceOf(ZohoKitError);
        },
      ),
      { numRuns: 200 },
    );
  });
});
