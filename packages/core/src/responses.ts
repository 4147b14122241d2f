/** What the transport records on each answer it hands back, for errors and batch results. */
export interface AnswerState {
  /** The request this answers, so an error can name its method and path. */
  request?: { method: string; url: string };
  /** Set when this answers a repetition of a request whose earlier attempt may have been applied. */
  repeated: boolean;
}

const STATE = Symbol("zohokit.answer");

type Answer = Response & { [STATE]?: AnswerState };

/** The state of an answer of the transport; undefined for any other response. */
export function answerState(response: Response): AnswerState | undefined {
  return (response as Answer)[STATE];
}

/**
 * An answer whose body the transport already read: a real Response again, so reading it cannot fail or hang.
 * Given `parsed`, json() returns that value, so openapi-fetch does not parse the body a second time.
 */
class ReadResponse extends Response {
  constructor(
    source: Response,
    private readonly bodyText: string,
    private readonly parsed?: { value: unknown },
  ) {
    // A fresh stream of the body, for middleware that clones or reads it; json() and text() serve it from memory.
    super(bodyText || null, source);
    const { headers } = this;
    // openapi-fetch calls json() only when Content-Length is present; it reads "0" as no body.
    if (!headers.has("content-length")) {
      headers.delete("transfer-encoding");
      headers.set("content-length", String(new TextEncoder().encode(bodyText).length));
    }
  }

  override json(): Promise<unknown> {
    return this.parsed ? Promise.resolve(this.parsed.value) : super.json();
  }

  override text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }
}

/**
 * The answer to hand back once its body is read. With `inPlace`, a parsed JSON answer that announced its length
 * (the usual case) is the response itself, serving json() and text() from memory: building a Response copy costs
 * ~20 µs a call, more than the rest of the transport. Others are rebuilt with the length openapi-fetch needs, and
 * can be cloned (middleware may).
 */
export function readAnswer(
  source: Response,
  bodyText: string,
  parsed?: { value: unknown },
  inPlace = false,
): Response {
  let answer: Answer;
  if (inPlace && parsed && source.headers.has("content-length")) {
    answer = source;
    Object.defineProperties(answer, {
      json: { value: () => Promise.resolve(parsed.value) },
      text: { value: () => Promise.resolve(bodyText) },
    });
  } else {
    answer = new ReadResponse(source, bodyText, parsed);
  }
  answer[STATE] = { repeated: false };
  return answer;
}
