/**
 * Compares two secrets without leaking where they differ: both are hashed with SHA-256 (Web Crypto, present on
 * Node 20, Bun, Deno and edge runtimes), then the equal-length digests are compared byte by byte with no early exit.
 */
export async function constantTimeEqual(given: Uint8Array, expected: Uint8Array): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", given as Uint8Array<ArrayBuffer>),
    crypto.subtle.digest("SHA-256", expected as Uint8Array<ArrayBuffer>),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
