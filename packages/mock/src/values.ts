/** Value formats Zoho uses, shared by the store and the handlers. */

/** Zoho's datetime format, in UTC: 2026-05-14T12:51:54+00:00. */
export function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** Orders digit-string ids numerically (as BigInt would) without allocating. */
export function compareIds(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isDigits = (value: unknown): value is string => typeof value === "string" && /^\d+$/.test(value);

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
