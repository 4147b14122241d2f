import { isObject } from "../error-body.js";
import { ApiError, abortedError } from "../errors.js";
import { linkSignals } from "../signals.js";
import type { Delivered, Sendable, Transport } from "../transport.js";
import type { Fetcher, LiveToken, TokenSource } from "./oauth.js";

/** Codes of a 401 that a new token cannot help. */
const NOT_THE_TOKEN = /SCOPE|^AMBIGUOUS$/i;

function refusedAnswer(delivered: Delivered): boolean {
  if (delivered.status !== 401) return false;
  const code = isObject(delivered.body) && typeof delivered.body.code === "string" ? delivered.body.code : "";
  return !NOT_THE_TOKEN.test(code);
}

function refusedError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && !NOT_THE_TOKEN.test(error.code);
}

function withToken(headers: Sendable["headers"], accessToken: string): Sendable["headers"] {
  const authorization = `Zoho-oauthtoken ${accessToken}`;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set("Authorization", authorization);
    return copy;
  }
  return { ...headers, Authorization: authorization };
}

/**
 * Sends through the transport with the current access token, on the token's API host. A 401 refusing the token
 * was not applied, so the request goes once more, whatever it is, with a renewed token.
 */
export function tokenSender(
  source: TokenSource,
  transport: Transport,
  fetcher: Fetcher,
  clientSignal: AbortSignal | undefined,
): (sendable: Sendable) => Promise<Delivered> {
  const configured = source.apiUrl;

  async function sendWith(sendable: Sendable, token: LiveToken): Promise<Delivered | { refused: unknown }> {
    const url =
      token.apiUrl !== configured && sendable.url.startsWith(configured)
        ? token.apiUrl + sendable.url.slice(configured.length)
        : sendable.url;
    try {
      const delivered = await transport.send({
        ...sendable,
        url,
        headers: withToken(sendable.headers, token.accessToken),
      });
      return refusedAnswer(delivered) ? { refused: delivered } : delivered;
    } catch (error) {
      if (refusedError(error)) return { refused: error };
      throw error;
    }
  }

  return async (sendable) => {
    const { signal, unlink } = linkSignals([sendable.signal, clientSignal]);
    // An abort while waiting for a token rejects like any aborted call; nothing was sent.
    const tokenOr = async (wait: Promise<LiveToken | undefined>) => {
      try {
        return await wait;
      } catch (error) {
        if (signal?.aborted) throw abortedError(sendable.method, sendable.path, signal.reason);
        throw error;
      }
    };
    try {
      const token = (await tokenOr(source.current(fetcher, signal)))!;
      const first = await sendWith(sendable, token);
      if (!("refused" in first)) return first;
      const renewed = await tokenOr(source.renew(fetcher, token.accessToken, signal));
      const second = renewed ? await sendWith(sendable, renewed) : first;
      if (!("refused" in second)) return second;
      if (!(second.refused instanceof ApiError)) return second.refused as Delivered;
      const error = second.refused;
      throw new ApiError({
        status: error.status,
        code: error.code,
        details: error.details,
        method: error.method,
        path: error.path,
        message: `${error.message.replace(/\.?$/, ".")} ${source.refusedAgain}`,
        cause: error,
      });
    } finally {
      unlink();
    }
  };
}
