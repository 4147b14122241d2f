const MIN_SECRET_LENGTH = 4;

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export type Redactor = <T>(value: T) => T;

/**
 * Replaces every secret (plain, URL-encoded or base64) in strings, deeply in objects and arrays. Used on anything
 * built from a server's answer, which may echo request headers back.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(base64(secret));
  }
  const patterns = [...forms].sort((a, b) => b.length - a.length);
  if (patterns.length === 0) return (value) => value;
  const redactString = (text: string): string => {
    let result = text;
    for (const pattern of patterns) {
      if (result.includes(pattern)) result = result.split(pattern).join("[redacted]");
    }
    return result;
  };
  const redact = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return redactString(value);
    if (depth > 20 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redactString(key)] = redact(item, depth + 1);
    return out;
  };
  return <T>(value: T) => redact(value, 0) as T;
}
