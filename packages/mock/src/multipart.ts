/** Reads a multipart/form-data body (RFC 7578): its parts, by field name, with file names and bytes. */

export interface FormPart {
  name: string;
  /** Set for a file part: the name it was sent under (percent-escapes of `"`, CR and LF decoded). */
  fileName?: string;
  contentType?: string;
  bytes: Buffer;
}

/** The boundary of a multipart/form-data Content-Type; undefined for any other type. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function param(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="([^"]*)"`, "i").exec(header);
  if (!match) return undefined;
  // Browsers and undici escape `"`, CR and LF of names as %22, %0D and %0A (HTML's form-data encoding).
  return match[1]!.replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
}

/** The parts of the body; undefined when it is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") return parts;
    if (body.subarray(at, at + 2).toString() !== "\r\n") return undefined;
    const headersEnd = body.indexOf("\r\n\r\n", at);
    if (headersEnd < 0) return undefined;
    const headers = body
      .subarray(at + 2, headersEnd)
      .toString("utf8")
      .split("\r\n");
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd + 4);
    if (next < 0) return undefined;
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const type = headers.find((h) => /^content-type:/i.test(h));
    const name = disposition ? param(disposition, "name") : undefined;
    if (name === undefined) return undefined;
    const fileName = disposition ? param(disposition, "filename") : undefined;
    parts.push({
      name,
      ...(fileName !== undefined ? { fileName } : {}),
      ...(type ? { contentType: type.slice(type.indexOf(":") + 1).trim() } : {}),
      bytes: body.subarray(headersEnd + 4, next),
    });
    at = next + 2;
  }
  return undefined;
}
