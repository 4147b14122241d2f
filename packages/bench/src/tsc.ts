/**
 * Runs tsc --noEmit --extendedDiagnostics on a scratch project and reads its figures, with TypeScript 5 (the
 * workspace's) or TypeScript 7 (the native compiler; the same diagnostics format).
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { TS7_VERSION, tsc7Executable } from "@zohokit/tsc7";

const require = createRequire(import.meta.url);
const TSC5 = join(require.resolve("typescript/package.json"), "..", "bin", "tsc");
const TS_VERSION = (require("typescript/package.json") as { version: string }).version;
const TSC_TIMEOUT_MS = 180_000;

export interface Compiler {
  /** "TypeScript 5.9.3" */
  name: string;
  /** The command and its first arguments. */
  command: [string, ...string[]];
}

export async function compilers(): Promise<Compiler[]> {
  return [
    { name: `TypeScript ${TS_VERSION}`, command: [process.execPath, TSC5] },
    { name: `TypeScript ${TS7_VERSION}`, command: [await tsc7Executable()] },
  ];
}

export interface TscRun {
  /** Wall time of the tsc process, node start-up included (ms). */
  wallMs: number;
  exitCode: number;
  errors: number;
  /** tsc's own timings (ms) and counts from --extendedDiagnostics. */
  parseMs: number;
  bindMs: number;
  checkMs: number;
  totalMs: number;
  instantiations: number;
  types: number;
  memoryKB: number;
  output: string;
}

/** The repo's compiler settings (tsconfig.base.json), for a consumer that imports @zohokit/crm. */
export async function writeTsconfig(dir: string, name: string, files: string[]): Promise<string> {
  const path = join(dir, name);
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
    files,
  };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

function seconds(output: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+([\\d.]+)s`, "m").exec(output);
  return match ? Number(match[1]) * 1000 : Number.NaN;
}

function count(output: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+(\\d+)`, "m").exec(output);
  return match ? Number(match[1]) : Number.NaN;
}

export function runTsc(compiler: Compiler, project: string): Promise<TscRun> {
  const [command, ...args] = compiler.command;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, [...args, "-p", project, "--extendedDiagnostics", "--pretty", "false"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), TSC_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === null) {
        reject(new Error(`${compiler.name} was stopped after ${TSC_TIMEOUT_MS} ms on ${project}`));
        return;
      }
      resolve({
        wallMs,
        exitCode: code,
        errors: (output.match(/error TS\d+/g) ?? []).length,
        parseMs: seconds(output, "Parse time"),
        bindMs: seconds(output, "Bind time"),
        checkMs: seconds(output, "Check time"),
        totalMs: seconds(output, "Total time"),
        instantiations: count(output, "Instantiations"),
        types: count(output, "Types"),
        memoryKB: count(output, "Memory used"),
        output,
      });
    });
  });
}
