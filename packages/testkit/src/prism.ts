import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { listenOnLoopback } from "./loopback.js";
import { startProcess } from "./process.js";

export interface PrismServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartPrismOptions {
  /** How long to wait for "Prism is listening"; default 60 s. */
  startTimeoutMs?: number;
}

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The bundled spec of a hand-written one: `specPath("maton")` -> specs/bundled/maton.yaml. */
export function bundledSpec(name: string): string {
  return `${repoRoot}specs/bundled/${name}.yaml`;
}

/** A free loopback port, found by binding port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.unref();
  const url = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return Number(new URL(url).port);
}

/**
 * Starts Prism (the pinned devDependency, run with this Node) as a mock of `spec` on a free loopback port. Resolves
 * once Prism says it is listening; rejects at once with Prism's own output when it exits or reports a fatal error.
 */
export async function startPrism(spec: string, options: StartPrismOptions = {}): Promise<PrismServer> {
  const port = await freePort();
  const cli = require.resolve("@stoplight/prism-cli/dist/index.js");
  const started = await startProcess({
    name: `Prism (${spec})`,
    command: process.execPath,
    args: [cli, "mock", spec, "--host", "127.0.0.1", "--port", String(port)],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    ready: "Prism is listening",
    fatal: /\bfatal\b|\bError:/i,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
  });
  return { url: `http://127.0.0.1:${port}`, ...started };
}

/** Prism's header listing the ways a request or response broke the spec. */
export const VIOLATIONS_HEADER = "sl-violations";

/**
 * A fetch for tests against Prism: fails the call when Prism reports that the request broke the spec (a 422, or any
 * response carrying violations of the request). `prefer` selects a documented response, e.g. `code=404`.
 */
export function strictPrismFetch(options: { prefer?: string; base?: typeof fetch } = {}): typeof fetch {
  const base = options.base ?? fetch;
  const strict = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (options.prefer) request.headers.set("Prefer", options.prefer);
    const response = await base(request);
    const violations = response.headers.get(VIOLATIONS_HEADER);
    const requestViolations = violations?.includes('"request"') ? violations : null;
    if (response.status === 422 || requestViolations) {
      throw new SpecViolation(
        `${request.method} ${new URL(request.url).pathname} broke the spec (Prism ${response.status}): ` +
          `${requestViolations ?? (await response.text())}`,
      );
    }
    return response;
  };
  return strict as typeof fetch;
}

export class SpecViolation extends Error {
  override name = "SpecViolation";
}

/** A vitest globalSetup body: starts Prism for a bundled spec and provides its URL as `prismUrl`. */
export function prismGlobalSetup(specName: string) {
  return async (project: { provide(key: "prismUrl", value: string): void }) => {
    const prism = await startPrism(bundledSpec(specName));
    project.provide("prismUrl", prism.url);
    return () => prism.stop();
  };
}
