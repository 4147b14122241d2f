/** An answer larger than the client reads into memory. */
export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    /** The announced Content-Length, when the server gave one. */
    readonly announced: number | undefined,
  ) {
    super(`more than ${limit} bytes`);
  }
}

/** The part of an over-long body read before the limit, for error messages. */
export interface Truncated {
  text: string;
  truncated: true;
}

function announcedLength(response: Response): number | undefined {
  const value = response.headers.get("content-length");
  if (value === null || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value);
}

/**
 * The body as text, read with a limit: an announced length over it fails before anything is read; otherwise the
 * bytes are counted as they arrive and the read stops as soon as they pass the limit. `trusted` is for the
 * runtime's own fetch, whose HTTP parser never delivers more than a Content-Length announces: then the fast
 * built-in reader is used.
 */
export async function readLimited(
  response: Response,
  limit: number,
  { trusted, keepHead = false }: { trusted: boolean; keepHead?: boolean },
): Promise<string | Truncated> {
  const announced = announcedLength(response);
  if (announced !== undefined && announced > limit && !keepHead) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit, announced);
  }
  if (response.body === null) return "";
  if (trusted && announced !== undefined && announced <= limit) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      if (keepHead) {
        const room = value.byteLength - (size - limit);
        parts.push(decoder.decode(value.subarray(0, Math.max(0, room))));
        return { text: parts.join(""), truncated: true };
      }
      throw new BodyTooLarge(limit, announced);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}
