import { parseArgs } from "node:util";
import { say } from "./printable.js";
import { closest } from "./suggest.js";

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

const TYPEGEN_OPTIONS = {
  app: { type: "string" },
  out: { type: "string" },
  modules: { type: "string" },
  connection: { type: "string" },
  auth: { type: "string" },
  "base-url": { type: "string" },
  save: { type: "string" },
  from: { type: "string" },
  check: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;
type OptionName = keyof typeof TYPEGEN_OPTIONS;

export const TYPEGEN_FLAGS = Object.keys(TYPEGEN_OPTIONS) as OptionName[];
export const TOP_LEVEL_FLAGS = ["help", "version"] as const;
export const COMMANDS = ["typegen", "mock", "help"] as const;

export interface TypegenArgs {
  app: "crm" | "bigin";
  out: string;
  modules?: string[];
  connection?: string;
  baseUrl?: string;
  /** "maton" (MATON_API_KEY) or "zoho" (direct OAuth from ZOHO_* variables). */
  auth: "maton" | "zoho";
  save?: string;
  from?: string;
  check: boolean;
}

/** The option a raw argument names (`--modlues=x` -> "modlues", `-modules` -> "modules"). */
function optionName(raw: string): string {
  return raw.replace(/^-+/, "").split("=", 1)[0]!;
}

/** "Unknown option --modlues: did you mean --modules?", or the list of options when none is close. */
export function unknownOption(raw: string, flags: readonly string[]): UsageError {
  const name = optionName(raw);
  const shown = raw.startsWith("--") ? `--${name}` : `-${name}`;
  const suggestion = closest(name, flags);
  if (suggestion) return new UsageError(say`Unknown option ${shown}: did you mean --${suggestion}?`);
  return new UsageError(
    say`Unknown option ${shown}. The options are ${flags.map((flag) => `--${flag}`).join(", ")}.`,
  );
}

/** "Unknown command: typgen. Did you mean typegen?" */
export function unknownCommand(command: string): UsageError {
  if (command.startsWith("-")) {
    const name = optionName(command);
    if ((TYPEGEN_FLAGS as readonly string[]).includes(name)) {
      return new UsageError(say`--${name} is an option of typegen: zohokit typegen --${name} ...`);
    }
    return unknownOption(command, TOP_LEVEL_FLAGS);
  }
  const suggestion = closest(command, COMMANDS);
  return new UsageError(
    suggestion
      ? say`Unknown command: ${command}. Did you mean ${suggestion}?`
      : say`Unknown command: ${command}. The commands are typegen and mock.`,
  );
}

/**
 * Reads typegen's arguments. Unknown options, options without their value and values given to flags are refused
 * with our own message (Node's parser would suggest nothing, and would echo the argument raw).
 */
export function parseTypegenArgs(argv: string[]): TypegenArgs | "help" | "version" {
  const { values, tokens } = parseArgs({
    args: argv,
    options: TYPEGEN_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const options = tokens.filter((token) => token.kind === "option");
  const unknown = options.find((token) => !(TYPEGEN_FLAGS as string[]).includes(token.name));
  if (unknown) throw unknownOption(argv[unknown.index]!, TYPEGEN_FLAGS);
  for (const token of options) {
    const type = TYPEGEN_OPTIONS[token.name as OptionName].type;
    if (type === "string" && token.value === undefined) {
      throw new UsageError(
        say`${token.rawName} needs a value, e.g. ${token.rawName}=${example(token.name)}.`,
      );
    }
    if (type === "boolean" && token.value !== undefined) {
      throw new UsageError(say`${token.rawName} takes no value; got ${token.value}.`);
    }
  }
  if (values.help) return "help";
  if (values.version) return "version";
  const positional = tokens.find((token) => token.kind === "positional");
  if (positional) throw new UsageError(say`Unexpected argument: ${positional.value}.`);
  const text = (name: OptionName) => values[name] as string | undefined;
  const app = text("app");
  if (app !== "crm" && app !== "bigin") {
    throw new UsageError(
      app === undefined ? "--app crm|bigin is required." : say`--app must be crm or bigin; got ${app}.`,
    );
  }
  const out = text("out");
  if (!out) throw new UsageError("--out <file.ts> is required.");
  if (text("from") && (text("connection") || text("base-url"))) {
    throw new UsageError("--from reads a saved snapshot: --connection and --base-url do not apply.");
  }
  const auth = text("auth") ?? "maton";
  if (auth !== "maton" && auth !== "zoho")
    throw new UsageError(say`--auth must be maton or zoho; got ${auth}.`);
  if (auth === "zoho" && (text("connection") || text("base-url"))) {
    throw new UsageError(
      "--connection and --base-url are for the Maton gateway; with --auth zoho set ZOHO_DC (or ZOHO_API_URL).",
    );
  }
  const modules = text("modules")
    ?.split(",")
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  if (modules !== undefined && modules.length === 0) {
    throw new UsageError("--modules needs module API names, e.g. --modules Leads,Contacts.");
  }
  const optional = (name: OptionName, key: keyof TypegenArgs) => {
    const value = text(name);
    return value ? { [key]: value } : {};
  };
  return {
    app,
    out,
    auth,
    check: values.check === true,
    ...(modules ? { modules } : {}),
    ...optional("connection", "connection"),
    ...optional("base-url", "baseUrl"),
    ...optional("save", "save"),
    ...optional("from", "from"),
  };
}

function example(name: string): string {
  const examples: Record<string, string> = {
    app: "crm",
    out: "src/zoho-org.d.ts",
    modules: "Leads,Contacts",
    connection: "<connection id>",
    auth: "zoho",
    "base-url": "http://127.0.0.1:4010",
    save: "zoho-metadata",
    from: "zoho-metadata",
  };
  return examples[name] ?? "...";
}
