const MIN_SECRET_LENGTH = 4;

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
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
 * Replaces every secret (plain, URL-encoded or base64) in strings, deeply in objects and arrays. Used on anything
 * built from a server's answer, which may echo request headers back.
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

function holdsSecret(value: unknown, redact: Redactor, depth: number): boolean {
  if (typeof value === "string") return redact(value) !== value;
  if (value === null || typeof value !== "object" || depth > 8) return false;
  const keys = value instanceof Error ? Reflect.ownKeys(value) : Object.keys(value);
  return keys.some((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return (
      (typeof key === "string" && redact(key) !== key) ||
      (descriptor !== undefined && "value" in descriptor && holdsSecret(descriptor.value, redact, depth + 1))
    );
  });
}

/**
 * An error with every secret taken out of its message, stack, own properties and cause chain, for use as the
 * `cause` of an ApiError (util.inspect prints causes in full). The error itself when it holds none, the usual
 * case; otherwise a copy with the same prototype.
 */
export function redactError<T>(error: T, redact: Redactor, depth = 0): T {
  if (!(error instanceof Error)) return holdsSecret(error, redact, 0) ? redact(error) : error;
  if (!holdsSecret(error, redact, 0)) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
    if ("value" in descriptor) {
      const value: unknown = descriptor.value;
      descriptor.value =
        value instanceof Error
          ? depth < 8
            ? redactError(value, redact, depth + 1)
            : "[redacted]"
          : holdsSecret(value, redact, 0)
            ? redact(value)
            : value;
    }
    Object.defineProperty(copy, typeof key === "string" ? redact(key) : key, descriptor);
  }
  return copy as T;
}
