const MIN_SECRET_LENGTH = 4;

function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The base64 forms of a secret: on its own, and inside any longer base64 text (`Bearer <key>` encoded as a
 * whole), where it may start at any of the three byte positions of a base64 group. For each position, the
 * characters that depend on the secret alone; also in the URL-safe alphabet.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms = [base64(bytes)];
  for (const skip of [0, 1, 2]) {
    const tail = bytes.subarray(skip);
    const whole = tail.length - (tail.length % 3);
    if (whole >= 9) forms.push(base64(tail.subarray(0, whole)));
  }
  return forms.flatMap((form) => [form, form.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")]);
}

export type Redactor = <T>(value: T) => T;

/**
 * Replaces every secret (plain, URL-encoded or base64) in strings, deeply in objects, arrays and errors. Used on
 * anything built from a server's answer, which may echo request headers back. A value that holds no secret comes
 * back as it is; one that does comes back as a copy (an error's with the same prototype, its message, stack,
 * own properties and cause chain redacted too).
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  const patterns = [...forms].sort((a, b) => b.length - a.length);
  if (patterns.length === 0) return (value) => value;
  const shortest = patterns[patterns.length - 1]!.length;
  const redactText = (text: string): string => {
    // Most strings of an answer (ids, times, codes) are shorter than any form of the secret.
    if (text.length < shortest) return text;
    let result = text;
    for (const pattern of patterns) {
      if (result.includes(pattern)) result = result.split(pattern).join("[redacted]");
    }
    return result;
  };
  const redact = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return redactText(value);
    const error = value instanceof Error;
    // An error nested deeper than this is dropped rather than searched.
    if (error && depth > 8) return "[redacted]";
    if (depth > 20 || value === null || typeof value !== "object") return value;
    // Errors keep their prototype and non-enumerable properties (message, stack, cause); JSON needs neither.
    const keys = error ? Reflect.ownKeys(value) : Object.keys(value);
    let changed = false;
    const entries = keys.map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      const before: unknown = descriptor.value;
      if ("value" in descriptor) descriptor.value = redact(before, depth + 1);
      const name = typeof key === "string" ? redactText(key) : key;
      changed ||= name !== key || descriptor.value !== before;
      return [name, descriptor] as const;
    });
    if (!changed) return value;
    // The copy takes accessors as they are, never calling them.
    const copy = error ? Object.create(Object.getPrototypeOf(value)) : Array.isArray(value) ? [] : {};
    for (const [name, descriptor] of entries) Object.defineProperty(copy, name, descriptor);
    return copy;
  };
  return <T>(value: T) => redact(value, 0) as T;
}

/**
 * An error with every secret taken out, for use as the `cause` of an ApiError (util.inspect prints causes in
 * full): the error itself when it holds none, the usual case; otherwise a copy with the same prototype.
 */
export function redactError<T>(error: T, redact: Redactor): T {
  return redact(error);
}
