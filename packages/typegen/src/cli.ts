import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ZohoKitError } from "@zohokit/core";
import { createCrmClient } from "@zohokit/crm";
import { GenerationError, generateOrgTypes } from "./generate.js";
import { fetchOrgMetadata, type MetadataClient, MetadataError, type OrgMetadata } from "./metadata.js";
import { runMock } from "./mock-command.js";
import { loadSnapshot, saveSnapshot, writeFileAtomic } from "./snapshot.js";
import { describeChanges, readSummary, summarize } from "./summary.js";

const MAIN_HELP = `zohokit: tools for the zohokit Zoho clients

Usage:
  zohokit typegen --app crm|bigin --out <file.ts> [options]   generate your org's record types
  zohokit mock [--org <dir>] [--port <n>] [options]            a mock gateway for your tests
  zohokit --help                                              this help
  zohokit typegen --help                                      typegen's options and examples
`;

const TYPEGEN_HELP = `zohokit typegen: write TypeScript types for your Zoho org

Reads /org, /settings/modules and /settings/fields through the Maton gateway (MATON_API_KEY) and writes one
file with, per module, <Module>Record, <Module>Create, <Module>Update and <Module>Criteria, and the Org map for
createCrmClient<Org>() or createBiginClient<Org>().

Options:
  --app crm|bigin      which Zoho app (required)
  --out <file.ts>      the file to write (required)
  --modules A,B        only these modules (API names); default: every module the API supports
  --connection <id>    the Maton connection to use (UUID); default: the app's oldest active one
  --base-url <url>     another gateway URL (a mock server, a proxy)
  --save <dir>         also save the raw metadata responses to <dir>, for offline runs
  --from <dir>         generate from a saved snapshot, with no network
  --check              write nothing; exit 1 and list the changes if <file.ts> differs from the org now

Examples:
  zohokit typegen --app crm --out src/zoho-org.d.ts
  zohokit typegen --app crm --out src/zoho-org.d.ts --modules Leads,Contacts,Deals --save zoho-metadata
  zohokit typegen --app crm --out src/zoho-org.d.ts --from zoho-metadata
  zohokit typegen --app bigin --out src/bigin-org.d.ts --check      # in CI: fails when the org drifted
`;

class UsageError extends Error {}

interface TypegenArgs {
  app: "crm" | "bigin";
  out: string;
  modules?: string[];
  connection?: string;
  baseUrl?: string;
  save?: string;
  from?: string;
  check: boolean;
}

function parseTypegenArgs(argv: string[]): TypegenArgs | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      app: { type: "string" },
      out: { type: "string" },
      modules: { type: "string" },
      connection: { type: "string" },
      "base-url": { type: "string" },
      save: { type: "string" },
      from: { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals[0]}`);
  if (values.app !== "crm" && values.app !== "bigin") throw new UsageError("--app must be crm or bigin.");
  if (!values.out) throw new UsageError("--out <file.ts> is required.");
  if (values.from && (values.connection || values["base-url"])) {
    throw new UsageError("--from reads a saved snapshot: --connection and --base-url do not apply.");
  }
  const modules = values.modules
    ?.split(",")
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  if (values.modules !== undefined && (!modules || modules.length === 0)) {
    throw new UsageError("--modules needs module API names, e.g. --modules Leads,Contacts.");
  }
  return {
    app: values.app,
    out: values.out,
    check: values.check ?? false,
    ...(modules ? { modules } : {}),
    ...(values.connection ? { connection: values.connection } : {}),
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
    ...(values.save ? { save: values.save } : {}),
    ...(values.from ? { from: values.from } : {}),
  };
}

async function liveClient(args: TypegenArgs): Promise<MetadataClient> {
  const options = {
    ...(args.connection ? { connection: args.connection } : {}),
    ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
  };
  if (args.app === "crm") return createCrmClient(options);
  const bigin = await import("@zohokit/bigin");
  return bigin.createBiginClient(options);
}

function onlyModules(metadata: OrgMetadata, modules: string[] | undefined): OrgMetadata {
  if (!modules) return metadata;
  const missing = modules.filter((m) => !(m in metadata.fields));
  if (missing.length > 0) throw new MetadataError(`The snapshot has no fields for: ${missing.join(", ")}.`);
  return {
    ...metadata,
    modules: metadata.modules.filter((m) => modules.includes(String(m.api_name))),
    fields: Object.fromEntries(modules.map((m) => [m, metadata.fields[m]!])),
  };
}

async function typegen(args: TypegenArgs, io: Io): Promise<number> {
  let metadata: OrgMetadata;
  if (args.from) {
    metadata = onlyModules(await loadSnapshot(args.from), args.modules);
    if (metadata.app !== args.app) {
      throw new UsageError(`The snapshot in ${args.from} is of ${metadata.app}, not ${args.app}.`);
    }
  } else {
    const client = await liveClient(args);
    const progress = io.isTTY
      ? ({ module, done, total, fields }: { module: string; done: number; total: number; fields: number }) =>
          io.err(`\r[${done}/${total}] ${module}: ${fields} fields\x1b[K${done === total ? "\n" : ""}`)
      : undefined;
    metadata = await fetchOrgMetadata(client, {
      app: args.app,
      ...(args.modules ? { modules: args.modules } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
  }
  const command = `zohokit typegen --app ${args.app} --out ${args.out}${args.modules ? ` --modules ${args.modules.join(",")}` : ""}`;
  const output = generateOrgTypes(metadata, { command });
  if (args.save) await saveSnapshot(args.save, metadata);
  const out = resolve(args.out);
  const moduleCount = Object.keys(metadata.fields).length;
  if (args.check) {
    const current = await readFile(out, "utf8").catch(() => undefined);
    if (current === output) {
      io.out(`${args.out} is up to date with the org (${moduleCount} modules).\n`);
      return 0;
    }
    if (current === undefined) {
      io.err(`${args.out} does not exist: run the same command without --check to create it.\n`);
      return 1;
    }
    const before = readSummary(current);
    const changes = before ? describeChanges(before, summarize(metadata)) : [];
    io.err(`${args.out} is out of date with the org:\n`);
    if (changes.length > 0) for (const change of changes) io.err(`  - ${change}\n`);
    else io.err("  - the generated text differs (field labels, flags or the generator's version)\n");
    io.err(`Regenerate it: ${command}\n`);
    return 1;
  }
  await writeFileAtomic(out, output);
  io.out(`Wrote ${args.out}: ${moduleCount} modules, ${output.length} bytes.\n`);
  return 0;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/** Runs the CLI with arguments (without node and the script) and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.out(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === "mock") return await runMock(rest, io);
    if (command !== "typegen") throw new UsageError(`Unknown command: ${command}. Run zohokit --help.`);
    const args = parseTypegenArgs(rest);
    if (args === "help") {
      io.out(TYPEGEN_HELP);
      return 0;
    }
    return await typegen(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`zohokit: ${(error as Error).message}\nRun zohokit typegen --help for the options.\n`);
      return 2;
    }
    const known =
      error instanceof ZohoKitError || error instanceof MetadataError || error instanceof GenerationError;
    io.err(
      `zohokit typegen failed: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\nNothing was written.\n`,
    );
    return 1;
  }
}
