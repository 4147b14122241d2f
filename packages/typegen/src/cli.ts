import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ZohoKitError } from "@zohokit/core";
import { type ClientOptions, createCrmClient, zohoOAuth } from "@zohokit/crm";
import { parseTypegenArgs, type TypegenArgs, UsageError, unknownCommand } from "./args.js";
import { GenerationError, generateOrgTypes } from "./generate.js";
import { fetchOrgMetadata, type MetadataClient, MetadataError, type OrgMetadata } from "./metadata.js";
import { runMock } from "./mock-command.js";
import { inline, printable, say } from "./printable.js";
import { loadSnapshot, saveSnapshot, writeFileAtomic } from "./snapshot.js";
import { describeChanges, readSummary, summarize } from "./summary.js";

const MAIN_HELP = `zohokit: tools for the zohokit Zoho clients

Usage:
  zohokit typegen --app crm|bigin --out <file.ts> [options]   generate your org's record types
  zohokit mock [--org <dir>] [--port <n>] [options]            a mock gateway for your tests
  zohokit --help                                              this help
  zohokit --version                                           the version of @zohokit/typegen
  zohokit typegen --help                                      typegen's options and examples
`;

const TYPEGEN_HELP = `zohokit typegen: write TypeScript types for your Zoho org

Reads /org, /settings/modules and /settings/fields through the Maton gateway and writes one file with, per
module, <Module>Record, <Module>Create, <Module>Update and <Module>Criteria, and the Org map for
createCrmClient<Org>() or createBiginClient<Org>().

Options:
  --app crm|bigin      which Zoho app (required)
  --out <file.ts>      the file to write (required)
  --modules A,B        only these modules (API names); default: every module the API supports
  --connection <id>    the Maton connection to use (UUID); default: the app's oldest active one
  --base-url <url>     another gateway URL (a mock server, a proxy)
  --auth maton|zoho    maton (default): through the Maton gateway; zoho: straight to Zoho with your own OAuth
                       client (ZOHO_* variables below), in any data centre
  --save <dir>         also save the raw metadata responses to <dir>, for offline runs
  --from <dir>         generate from a saved snapshot, with no network (and no API key)
  --check              write nothing; exit 1 and list the changes if <file.ts> differs from the org now
  -h, --help           this help
  -v, --version        the version of @zohokit/typegen

Environment:
  MATON_API_KEY        your Maton API key (https://maton.ai/settings). It is read from the environment only, and
                       there is no --api-key option: a key on the command line is saved in shell history and shown
                       to every user of the machine in the process list.
  With --auth zoho: ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN (a Self Client of the Zoho API console)
  and ZOHO_DC (us, eu, in, au, jp, ca, sa or cn); ZOHO_ACCOUNTS_URL and ZOHO_API_URL override the hosts.

Examples:
  zohokit typegen --app crm --out src/zoho-org.d.ts
  zohokit typegen --app crm --out src/zoho-org.d.ts --modules Leads,Contacts,Deals --save zoho-metadata
  zohokit typegen --app crm --out src/zoho-org.d.ts --from zoho-metadata
  ZOHO_DC=eu zohokit typegen --app crm --out src/zoho-org.d.ts --auth zoho   # with the other ZOHO_* set
  zohokit typegen --app bigin --out src/bigin-org.d.ts --check      # in CI: fails when the org drifted
`;

const NO_KEY =
  "No Maton API key: set the MATON_API_KEY environment variable (keys: https://maton.ai/settings), e.g. " +
  "`export MATON_API_KEY=...` in your shell or a secret of your CI job. zohokit reads it from the environment " +
  "only, never from an option, so that it stays out of shell history and process lists. Without a key, " +
  "`--from DIR` generates from a saved snapshot.";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
}

/**
 * Everything the CLI prints goes through here: each write through printable() (no control characters, no CI
 * workflow commands), values already escaped by say() / inline(). The progress line adds its own carriage return
 * and erase-line sequence around an escaped line.
 */
interface Printer {
  out(text: string): void;
  err(text: string): void;
  warn(message: string): void;
  progress?(line: string, last: boolean): void;
}

function printer(io: Io): Printer {
  return {
    out: (text) => io.out(printable(text)),
    err: (text) => io.err(printable(text)),
    warn: (message) => io.err(printable(`zohokit: warning: ${inline(message)}\n`)),
    ...(io.isTTY
      ? { progress: (line: string, last: boolean) => io.err(`\r${printable(line)}\x1b[K${last ? "\n" : ""}`) }
      : {}),
  };
}

async function version(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

const ZOHO_VARIABLES = ["ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN", "ZOHO_DC"] as const;

/** Direct OAuth from the environment only, like the Maton key: secrets stay out of history and process lists. */
function zohoAuthFromEnv(): ClientOptions {
  const env = process.env;
  const missing = ZOHO_VARIABLES.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new ZohoKitError(
      `--auth zoho reads your OAuth client from the environment: set ${missing.join(", ")} (client id, secret and ` +
        "refresh token of a Self Client in the Zoho API console; ZOHO_DC is your data centre: us, eu, in, au, jp, " +
        "ca, sa or cn).",
    );
  }
  return {
    auth: zohoOAuth({
      clientId: env.ZOHO_CLIENT_ID!,
      clientSecret: env.ZOHO_CLIENT_SECRET!,
      refreshToken: env.ZOHO_REFRESH_TOKEN!,
      dataCenter: env.ZOHO_DC as "us",
      ...(env.ZOHO_ACCOUNTS_URL ? { accountsUrl: env.ZOHO_ACCOUNTS_URL } : {}),
      ...(env.ZOHO_API_URL ? { apiUrl: env.ZOHO_API_URL } : {}),
    }),
  };
}

async function liveClient(args: TypegenArgs): Promise<MetadataClient> {
  let options: ClientOptions;
  if (args.auth === "zoho") options = zohoAuthFromEnv();
  else {
    const key = process.env.MATON_API_KEY;
    if (key === undefined || key.trim() === "") throw new ZohoKitError(NO_KEY);
    options = {
      ...(args.connection ? { connection: args.connection } : {}),
      ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
    };
  }
  if (args.app === "crm") return createCrmClient(options);
  const bigin = await import("@zohokit/bigin");
  return bigin.createBiginClient(options);
}

function onlyModules(metadata: OrgMetadata, modules: string[] | undefined, dir: string): OrgMetadata {
  if (!modules) return metadata;
  const missing = modules.filter((m) => !Object.hasOwn(metadata.fields, m));
  if (missing.length > 0) {
    const has = Object.keys(metadata.fields).sort().join(", ") || "no modules";
    throw new MetadataError(
      say`No such module in the snapshot ${dir}: ${missing.join(", ")}. It has: ${has}.`,
    );
  }
  const fields = Object.create(null) as OrgMetadata["fields"];
  for (const module of modules) fields[module] = metadata.fields[module]!;
  return {
    ...metadata,
    modules: metadata.modules.filter((m) => modules.includes(String(m.api_name))),
    fields,
  };
}

async function readMetadata(args: TypegenArgs, print: Printer): Promise<OrgMetadata> {
  if (args.from) {
    const snapshot = await loadSnapshot(args.from, { onWarning: print.warn });
    if (snapshot.app !== args.app) {
      throw new UsageError(say`The snapshot in ${args.from} is of ${snapshot.app}, not ${args.app}.`);
    }
    return onlyModules(snapshot, args.modules, args.from);
  }
  const client = await liveClient(args);
  const progress = print.progress;
  return fetchOrgMetadata(client, {
    app: args.app,
    ...(args.modules ? { modules: args.modules } : {}),
    onWarning: print.warn,
    ...(progress
      ? {
          onProgress: ({ module, done, total, fields }) =>
            progress(say`[${done}/${total}] ${module}: ${fields} fields`, done === total),
        }
      : {}),
  });
}

async function typegen(args: TypegenArgs, print: Printer): Promise<number> {
  const metadata = await readMetadata(args, print);
  const command = `zohokit typegen --app ${args.app} --out ${args.out}${args.modules ? ` --modules ${args.modules.join(",")}` : ""}`;
  const output = generateOrgTypes(metadata, { command });
  if (args.save) await saveSnapshot(args.save, metadata);
  const out = resolve(args.out);
  const moduleCount = Object.keys(metadata.fields).length;
  if (args.check) {
    const current = await readFile(out, "utf8").catch(() => undefined);
    if (current === output) {
      print.out(say`${args.out} is up to date with the org (${moduleCount} modules).\n`);
      return 0;
    }
    if (current === undefined) {
      print.err(say`${args.out} does not exist: run the same command without --check to create it.\n`);
      return 1;
    }
    const before = readSummary(current);
    const changes = before ? describeChanges(before, summarize(metadata)) : [];
    print.err(say`${args.out} is out of date with the org:\n`);
    if (changes.length > 0) for (const change of changes) print.err(say`  - ${change}\n`);
    else print.err("  - the generated text differs (field labels, flags or the generator's version)\n");
    print.err(say`Regenerate it: ${command}\n`);
    return 1;
  }
  await writeFileAtomic(out, output);
  print.out(say`Wrote ${args.out}: ${moduleCount} modules, ${output.length} bytes.\n`);
  return 0;
}

/** Runs the CLI with arguments (without node and the script) and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const print = printer(io);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      print.out(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === "--version" || command === "-v") {
      print.out(`${await version()}\n`);
      return 0;
    }
    if (command === "mock") return await runMock(rest, io);
    if (command !== "typegen") throw unknownCommand(command);
    const args = parseTypegenArgs(rest);
    if (args === "help") {
      print.out(TYPEGEN_HELP);
      return 0;
    }
    if (args === "version") {
      print.out(`${await version()}\n`);
      return 0;
    }
    return await typegen(args, print);
  } catch (error) {
    if (error instanceof UsageError) {
      print.err(`zohokit: ${error.message}\nRun zohokit typegen --help for the options.\n`);
      return 2;
    }
    const known =
      error instanceof ZohoKitError || error instanceof MetadataError || error instanceof GenerationError;
    const what = known ? inline((error as Error).message) : String((error as Error)?.stack ?? error);
    print.err(`zohokit typegen failed: ${what}\nNothing was written.\n`);
    return 1;
  }
}
