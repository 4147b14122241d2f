/**
 * What zohokit redacts, in one place. A secret is a credential the client sends (the API key, the connection id;
 * with direct OAuth the tokens and the client secret). It is replaced by "[redacted]" wherever it occurs in a
 * string of an error, a result or a hook event:
 * - as sent, and in any letter case (a connection id echoed in capitals);
 * - with any of its characters encoded: percent-encoding in either hex case, also double (`%252F`), whether or
 *   not `/` and other reserved characters were left alone (encodeURI, encodeURIComponent, form encoding),
 *   `\u00HH`, `\xHH`, `&#NN;` and `&#xHH;` (keys and ids hold no spaces, so `+` for a space never arises);
 * - in base64, standard and URL-safe, padded or not, on its own or inside longer base64 text at any of the three
 *   byte alignments (`Bearer <key>` encoded as a whole), itself possibly percent-encoded.
 * Secrets shorter than MIN_SECRET_LENGTH are not accepted by the clients, so every secret in use is redacted.
 */
export const MIN_SECRET_LENGTH = 8;

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The base64 texts that depend on the secret alone: whole, and at each alignment inside longer text. */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms = [base64(bytes)];
  for (const skip of [0, 1, 2]) {
    const tail = bytes.subarray(skip);
    const whole = tail.length - (tail.length % 3);
    if (whole >= 9) forms.push(base64(tail.subarray(0, whole)));
  }
  const all = forms.flatMap((form) => [form, form.replace(/\+/g, "-").replace(/\//g, "_")]);
  return [...new Set(all.map((form) => form.replace(/=+$/, "")))];
}

const HEX = /^[0-9a-f]+$/i;

/** The character an escape at `i` stands for, and the escape's width; [undefined, 1] when none starts there. */
function escapedAt(text: string, i: number, char: string): [number | undefined, number] {
  const hexAt = (from: number, length: number) => {
    const digits = text.slice(from, from + length);
    return digits.length === length && HEX.test(digits) ? Number.parseInt(digits, 16) : undefined;
  };
  if (char === "%") {
    const double = text.slice(i + 1, i + 3) === "25" ? hexAt(i + 3, 2) : undefined;
    if (double !== undefined) return [double, 5];
    return [hexAt(i + 1, 2), 3];
  }
  if (char === "\\") {
    const kind = text[i + 1];
    if (kind === "u" || kind === "U") return [hexAt(i + 2, 4), 6];
    if (kind === "x" || kind === "X") return [hexAt(i + 2, 2), 4];
    return [undefined, 1];
  }
  if (char === "&" && text[i + 1] === "#") {
    const entity = /^&#(?:[xX]0*([0-9a-fA-F]{1,4})|0*([0-9]{1,5}));/.exec(text.slice(i, i + 12));
    if (!entity) return [undefined, 1];
    const code = entity[1] !== undefined ? Number.parseInt(entity[1], 16) : Number(entity[2]);
    return [code <= 0xffff ? code : undefined, entity[0].length];
  }
  return [undefined, 1];
}

/**
 * The text with every escaped character decoded and all of it lower-cased, for searching; `at[i]` is where the
 * i-th decoded character starts in the text (and `at[decoded.length]` is the text's length).
 */
function decodeForSearch(text: string): { decoded: string; at: number[] } {
  let decoded = "";
  const at: number[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const [code, width] = escapedAt(text, i, char);
    at.push(i);
    decoded += code !== undefined ? String.fromCharCode(code) : char;
    i += code !== undefined ? width : 1;
  }
  at.push(text.length);
  return { decoded: decoded.toLowerCase(), at };
}

/** Replaces every range of `text` that decodes to one of `forms` (lower-cased) by "[redacted]". */
function redactEscaped(text: string, forms: readonly string[]): string {
  const { decoded, at } = decodeForSearch(text);
  if (decoded.length !== at.length - 1) return text;
  const ranges: Array<[number, number]> = [];
  for (const form of forms) {
    for (let found = decoded.indexOf(form); found >= 0; found = decoded.indexOf(form, found + 1)) {
      ranges.push([at[found]!, at[found + form.length]!]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let cursor = 0;
  for (const [from, to] of ranges) {
    if (to <= cursor) continue;
    out += `${text.slice(cursor, Math.max(cursor, from))}[redacted]`;
    cursor = to;
  }
  return out + text.slice(cursor);
}

/** The characters that start an escaped character; text without them holds a secret only as itself. */
const ESCAPES = /[%\\&]/;

export type Redactor = <T>(value: T) => T;

/**
 * Replaces every secret (see above) in strings, deeply in objects, arrays and errors. Used on anything built from
 * a server's answer, which may echo request headers back. A value that holds no secret comes back as it is; one
 * that does comes back as a copy (an error's with the same prototype, its message, stack, own properties and
 * cause chain redacted too).
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    for (const form of base64Forms(secret)) forms.add(form);
  }
  if (forms.size === 0) return (value) => value;
  const lowered = [...forms].map((form) => form.toLowerCase()).sort((a, b) => b.length - a.length);
  // Every form has at least as many characters as a secret; shorter strings (ids, times, codes) cannot hold one.
  const shortest = lowered[lowered.length - 1]!.length;
  const redactText = (text: string): string => {
    if (text.length < shortest) return text;
    // Most text holds no escape: then a case-insensitive search for each form is all it takes.
    if (!ESCAPES.test(text)) {
      const lower = text.toLowerCase();
      if (!lowered.some((form) => lower.includes(form))) return text;
    }
    return redactEscaped(text, lowered);
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
 * A redactor of secrets that change while the client runs (OAuth access tokens): `secrets` hands back the same
 * array until one is added, and the redactor is rebuilt only then.
 */
export function createLiveRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  let seen: ReadonlyArray<string | undefined> | undefined;
  let current: Redactor = (value) => value;
  return <T>(value: T): T => {
    const now = secrets();
    if (now !== seen) {
      seen = now;
      current = createRedactor(now);
    }
    return current(value);
  };
}
