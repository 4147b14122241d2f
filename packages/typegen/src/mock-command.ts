/**
 * `zohokit mock`: the mock gateway of @zohokit/mock as a process, for test suites in any language. It prints the
 * base URL and the API key, serves until SIGINT or SIGTERM, then closes and exits 0.
 */

import type { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Io } from "./cli.js";

export const MOCK_HELP = `zohokit mock: a mock of the Maton gateway and Zoho CRM or Bigin, for your tests (no org, no network)

Serves the records, metadata and Maton connection APIs on one port until Ctrl+C (SIGINT) or SIGTERM. With
--org it knows your org's modules and fields (a folder saved by \`zohokit typegen --save DIR\`) and refuses what
your org would: unknown modules, missing required fields, bad picklist values, wrong types, duplicates.

Options:
  --app crm|bigin      which Zoho app (default: the snapshot's, else required)
  --org <dir>          the org snapshot folder (zohokit typegen --save DIR)
  --port <n>           the port (default: a free one)
  --host <address>     the address to listen on (default 127.0.0.1, this machine only)
  --api-key <key>      the key to accept (default: a new one, printed)
  --any-key            accept any API key and any Maton-Connection
  --seed <n>           the same seed gives the same connection ids, page tokens and key
  --latency <ms>       added to every answer
  --json               print one JSON line {url, apiKey, connectionId} instead of text

Examples:
  zohokit mock --org ./zoho-snapshot --port 4010
  zohokit mock --app bigin --api-key test-key --json
`;

class MockUsageError extends Error {}

export interface MockCommandOptions {
  /** Where SIGINT and SIGTERM come from (default: the process). */
  signals?: Pick<EventEmitter, "once" | "off">;
}

function whole(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new MockUsageError(`${name} must be a whole number up to ${max}.`);
  return Number(value);
}

async function snapshotApp(dir: string): Promise<string | undefined> {
  try {
    const info = JSON.parse(await readFile(join(dir, "snapshot.json"), "utf8")) as { app?: unknown };
    return typeof info.app === "string" ? info.app : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `zohokit mock` with its arguments; resolves with the exit code once the mock has stopped. */
export async function runMock(argv: string[], io: Io, options: MockCommandOptions = {}): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        app: { type: "string" },
        org: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string" },
        "any-key": { type: "boolean", default: false },
        seed: { type: "string" },
        latency: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    values = parsed.values;
    if (values.help) {
      io.out(MOCK_HELP);
      return 0;
    }
  } catch (error) {
    io.err(`zohokit mock: ${(error as Error).message}\nRun zohokit mock --help for the options.\n`);
    return 2;
  }

  let mock: typeof import("@zohokit/mock");
  try {
    mock = await import("@zohokit/mock");
  } catch {
    io.err("zohokit mock needs the @zohokit/mock package: npm install --save-dev @zohokit/mock\n");
    return 1;
  }

  let gateway: Awaited<ReturnType<typeof mock.startMockGateway>>;
  let app: string | undefined;
  try {
    const org = values.org as string | undefined;
    app = (values.app as string | undefined) ?? (org ? await snapshotApp(org) : undefined);
    if (app !== "crm" && app !== "bigin")
      throw new MockUsageError("--app must be crm or bigin (or give --org).");
    const port = whole(values.port as string | undefined, "--port", 65_535);
    const seed = whole(values.seed as string | undefined, "--seed", 2 ** 32 - 1);
    const latencyMs = whole(values.latency as string | undefined, "--latency", 600_000);
    gateway = await mock.startMockGateway({
      app,
      ...(org ? { org } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(typeof values.host === "string" ? { host: values.host } : {}),
      ...(typeof values["api-key"] === "string" ? { apiKey: values["api-key"] } : {}),
      ...(values["any-key"] ? { acceptAnyKey: true } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
    });
  } catch (error) {
    if (error instanceof MockUsageError) {
      io.err(`zohokit mock: ${error.message}\nRun zohokit mock --help for the options.\n`);
      return 2;
    }
    io.err(`zohokit mock failed: ${(error as Error).message}\n`);
    return 1;
  }

  const { url, apiKey, connectionId } = gateway;
  if (values.json) {
    io.out(`${JSON.stringify({ url, apiKey, connectionId })}\n`);
  } else {
    const api = app === "bigin" ? "Zoho Bigin v2 at /bigin/v2" : "Zoho CRM v8 at /crm/v8";
    io.out(
      `zohokit mock: ${api}, Maton's connections at /connections\n` +
        `  base URL  ${url}\n` +
        `  API key   ${apiKey}\n` +
        "Stop with Ctrl+C.\n",
    );
  }

  const signals = options.signals ?? process;
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off("SIGINT", stop);
      signals.off("SIGTERM", stop);
      resolve();
    };
    signals.once("SIGINT", stop);
    signals.once("SIGTERM", stop);
  });
  await gateway.close();
  if (!values.json) io.out("zohokit mock: stopped.\n");
  return 0;
}
