/** Zoho-shaped answers for tests on testkit's scripted server. */
/** A write answer of Zoho's shape for each input: success with a fresh id. */
export function successes(count: number, start = 1000): { data: object[] } {
  return {
    data: Array.from({ length: count }, (_, i) => ({
      code: "SUCCESS",
      status: "success",
      message: "record added",
      details: { id: String(5725767000000600000n + BigInt(start + i)) },
    })),
  };
}
