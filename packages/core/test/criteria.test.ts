import { describe, expect, expectTypeOf, it } from "vitest";
import {
  and,
  between,
  type Criteria,
  eq,
  escapeCriteriaValue,
  gt,
  gte,
  in as isIn,
  lt,
  lte,
  notEqual,
  or,
  startsWith,
  ZohoKitError,
} from "../src/index.js";
import { criteriaOperators } from "../src/internal.js";

describe("criteria builder", () => {
  it("builds Zoho's syntax for every operator", () => {
    expect(eq("Last_Name", "Burns").text).toBe("(Last_Name:equals:Burns)");
    expect(notEqual("Lead_Status", "Lost").text).toBe("(Lead_Status:not_equal:Lost)");
    expect(startsWith("Email", "j").text).toBe("(Email:starts_with:j)");
    expect(gt("Amount", 10).text).toBe("(Amount:greater_than:10)");
    expect(gte("Amount", 10.5).text).toBe("(Amount:greater_equal:10.5)");
    expect(lt("Closing_Date", "2026-01-01").text).toBe("(Closing_Date:less_than:2026-01-01)");
    expect(lte("Score", 3n).text).toBe("(Score:less_equal:3)");
    expect(between("Amount", 1, 5).text).toBe("(Amount:between:1,5)");
    expect(isIn("Lead_Status", ["Hot", "Warm"]).text).toBe("(Lead_Status:in:Hot,Warm)");
    expect(eq("Email_Opt_Out", true).text).toBe("(Email_Opt_Out:equals:true)");
    expect(gt("Modified_Time", new Date(Date.UTC(2026, 4, 14, 9, 51, 54))).text).toBe(
      "(Modified_Time:greater_than:2026-05-14T09:51:54+00:00)",
    );
  });

  it("combines with and/or, nesting groups", () => {
    const criteria = or(and(eq("A", "1"), eq("B", "2")), eq("C", "3"));
    expect(criteria.text).toBe("(((A:equals:1)and(B:equals:2))or(C:equals:3))");
    expect(criteria.conditions).toBe(3);
    expect([...criteria.operators]).toEqual(["equals"]);
    expect(String(criteria)).toBe(criteria.text);
  });

  it("escapes parentheses, commas and backslashes in values", () => {
    expect(eq("Last_Name", "O'Brien (Jr)").text).toBe("(Last_Name:equals:O'Brien \\(Jr\\))");
    expect(eq("Last_Name", "Burns,B").text).toBe("(Last_Name:equals:Burns\\,B)");
    expect(escapeCriteriaValue("ends with \\")).toBe("ends with \\\\");
    expect(escapeCriteriaValue("a\\b")).toBe("a\\b");
    expect(escapeCriteriaValue("a\\(b")).toBe("a\\\\\\(b");
    expect(isIn("Tag", ["x,y", "z"]).text).toBe("(Tag:in:x\\,y,z)");
  });

  it("refuses more than 10 conditions and more than 100 in-values", () => {
    const ten = Array.from({ length: 10 }, (_, i) => eq("F", String(i)));
    expect(() => and(...ten)).not.toThrow();
    expect(() => and(...ten, eq("F", "x"))).toThrow(/at most 10 conditions/);
    expect(() => isIn("F", Array.from({ length: 101 }, String))).toThrow(/1 to 100 values/);
    expect(() => isIn("F", [])).toThrow(ZohoKitError);
  });

  it("refuses bad field names and values", () => {
    expect(() => eq("Last Name", "x")).toThrow(/field API name/);
    expect(() => eq("A:equals:b)or(B", "x")).toThrow(ZohoKitError);
    expect(() => gt("Amount", Number.NaN)).toThrow(/finite/);
    expect(() => gt("When", new Date("nope"))).toThrow(/invalid/);
    expect(() => and()).toThrow(/at least one/);
  });

  it("reads the operators of raw strings, best effort", () => {
    expect([...criteriaOperators("((A:equals:x)or(B:greater_than:2))")].sort()).toEqual([
      "equals",
      "greater_than",
    ]);
  });

  it("records each condition's operator, field and value type, in the type", () => {
    const criteria = and(eq("Email", "a"), startsWith("Last_Name", "B"));
    expectTypeOf(criteria).toEqualTypeOf<
      Criteria<{ equals: { Email: "a" } } | { starts_with: { Last_Name: "B" } }>
    >();
    // What a module allows (CriteriaOf): for each operator, the fields it may be used on and their values.
    type Allowed = {
      equals?: { Email?: string; Last_Name?: string; Status?: "Hot" | "Cold" };
      starts_with?: { Email?: string; Last_Name?: string };
      in?: { Other?: number };
    };
    expectTypeOf(criteria).toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(criteria).not.toMatchTypeOf<Criteria<{ equals?: { Email?: string; Last_Name?: string } }>>();
    expectTypeOf(eq("Other", "x")).not.toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(gt("Email", 1)).not.toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(eq("Status", "Hot")).toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(eq("Status", "Warm")).not.toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(isIn("Other", [1])).toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(isIn("Other", ["1"])).not.toMatchTypeOf<Criteria<Allowed>>();
    expectTypeOf(isIn("Other", [1, 2])).toEqualTypeOf<Criteria<{ in: { Other: 1 | 2 } }>>();
    expectTypeOf(or(between("Age", 1, 2), isIn("Other", [1]))).toEqualTypeOf<
      Criteria<{ between: { Age: 1 | 2 } } | { in: { Other: 1 } }>
    >();
  });
});
