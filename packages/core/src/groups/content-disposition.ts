/**
 * The file name of a Content-Disposition header (RFC 6266): `filename*=UTF-8''...` (percent-encoded, any
 * characters) wins over `filename="..."` (quoted, backslash escapes) or a bare `filename=token`.
 */
export function dispositionFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;]*)/i.exec(header);
  if (extended) {
    const charset = extended[1]!.trim().toLowerCase();
    const value = extended[2]!.trim();
    try {
      if (charset === "utf-8" || charset === "") return decodeURIComponent(value);
      // ISO-8859-1: each percent-encoded byte is one character.
      return value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    } catch {
      // A malformed extended value: fall back to the plain parameter.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, "$1");
  const bare = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header);
  return bare ? bare[1] : undefined;
}
