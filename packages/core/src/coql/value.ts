import { assertWellFormed } from "../criteria.js";
import { ZohoKitError } from "../errors.js";
import { refuse } from "../validate.js";

/** A value a COQL condition compares with. A Date is sent as a UTC date-time ('2026-05-14T12:51:54+00:00'). */
export type CoqlScalar = string | number | bigint | boolean | Date;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A number in plain decimal notation (String() would give 1e+21 or 1e-7, which COQL does not read). */
function decimal(value: number): string {
  if (Object.is(value, -0)) return "0";
  const text = String(value);
  if (!/e/i.test(text)) return text;
  if (Number.isInteger(value)) return BigInt(value).toString();
  return value.toFixed(20).replace(/\.?0+$/, "");
}

/**
 * One value as a COQL literal: strings in single quotes with `'` doubled and `\` doubled (so neither can end the
 * literal), numbers and bigints as decimal digits, booleans as true/false, null as null, a Date as a quoted UTC
 * date-time. Anything else (NaN, Infinity, objects, unpaired surrogates, NUL) is refused: no value can change the
 * query around it.
 */
export function coqlValue(value: CoqlScalar | null, what = "A COQL value"): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      assertWellFormed(value, what);
      if (value.includes("\u0000"))
        throw new ZohoKitError(`${what} holds a NUL character, which COQL cannot carry.`);
      return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
    case "number":
      if (!Number.isFinite(value)) throw refuse(`${what} must be a finite number`, String(value));
      return decimal(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    default:
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ZohoKitError(`${what}: the Date is invalid.`);
        return (
          `'${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` +
          `T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}+00:00'`
        );
      }
      throw refuse(`${what} must be a string, number, bigint, boolean, Date or null`, value);
  }
}

/** An id compared as the number it is (`id > 5725767000001000000`): digits, never through Number. */
export function coqlId(value: unknown, what: string): string {
  if (typeof value === "bigint" && value >= 0n) return value.toString();
  if (typeof value === "string" && /^[0-9]{1,30}$/.test(value)) return value.replace(/^0+(?=\d)/, "");
  throw refuse(
    `${what} must be a Zoho id: a string of digits or a bigint`,
    value,
    typeof value === "number" ? " Keep ids as strings: they exceed Number's precision." : "",
  );
}
