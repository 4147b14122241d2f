/**
 * An answer whose body the transport already read: a real Response again, so reading it cannot fail or hang.
 * Given `parsed`, json() returns that value, so openapi-fetch does not parse the body a second time.
 */
export class ReadResponse extends Response {
  /** The request this answers, so an error can name its method and path. */
  request: { method: string; url: string } | undefined;
  /** Set when this answers a repetition of a request whose earlier attempt may have been applied. */
  repeated = false;

  constructor(
    source: Response,
    private readonly bodyText: string,
    private readonly parsed?: { value: unknown },
  ) {
    // A parsed answer serves its body from memory; others get a fresh stream of it.
    super(parsed || !bodyText ? null : bodyText, source);
    const { headers } = this;
    // openapi-fetch calls json() only when Content-Length is present; it reads "0" as no body.
    if (!parsed || !headers.has("content-length")) {
      headers.delete("transfer-encoding");
      headers.set(
        "content-length",
        String(parsed ? bodyText.length : new TextEncoder().encode(bodyText).length),
      );
    }
  }

  override json(): Promise<unknown> {
    return this.parsed ? Promise.resolve(this.parsed.value) : super.json();
  }

  override text(): Promise<string> {
    return this.parsed ? Promise.resolve(this.bodyText) : super.text();
  }
}
