/**
 * Figure 4: generateOrgTypes on a synthetic org of 200 modules x 200 fields (time, output size, and the CLI from a
 * saved snapshot), then tsc --noEmit of a 20-module consumer with the generated Org, without it (loose), and with
 * 10 deliberate type errors, with TypeScript 5 and TypeScript 7.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateOrgTypes, saveSnapshot } from "@zohokit/typegen";
import { bareDeclarations } from "./bare-declarations.js";
import { type ConsumerKind, consumerSource, DELIBERATE_ERRORS } from "./consumer.js";
import { median, timed } from "./stats.js";
import { syntheticOrg } from "./synthetic-org.js";
import { type Compiler, compilers, runTsc, type TscRun, writeTsconfig } from "./tsc.js";

export const ORG_MODULES = 200;
export const ORG_FIELDS = 200;

const TYPEGEN_BIN = join(fileURLToPath(import.meta.resolve("@zohokit/typegen")), "..", "bin.js");
const CLI_TIMEOUT_MS = 60_000;

export type TscKind = ConsumerKind | "plain";

export interface TscFigure {
  runs: TscRun[];
  wallMs: number;
  checkMs: number;
  totalMs: number;
  instantiations: number;
  types: number;
  memoryKB: number;
  errors: number;
}

/** Figure 4's tsc runs with one compiler. Ratios are of tsc's total time (parse + bind + check), median of per-round ratios. */
export interface CompilerFigures {
  compiler: string;
  /** `plain`: the no-Org consumer with the org's fields declared plainly in the program (bare-declarations.ts). */
  tsc: Record<TscKind, TscFigure>;
  typedOverLoose: number;
  errorsOverTyped: number;
  /** What reading the org's fields alone costs, and what the generated Org costs over that. */
  plainOverLoose: number;
  typedOverPlain: number;
  /** The same ratios on wall time (process start-up included). */
  typedOverLooseWall: number;
  errorsOverTypedWall: number;
}

export interface TypegenResult {
  modules: number;
  fieldsPerModule: number;
  picklists: number;
  lookups: number;
  generateMs: number;
  generateRuns: number[];
  cliMs: number;
  outputBytes: number;
  outputLines: number;
  /** TypeScript 5 first (the targets' reference), then TypeScript 7. */
  compilers: CompilerFigures[];
  scratch: string;
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [TYPEGEN_BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`zohokit typegen exited ${code}: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

function figure(runs: TscRun[]): TscFigure {
  const m = (pick: (run: TscRun) => number) => median(runs.map(pick));
  return {
    runs,
    wallMs: m((r) => r.wallMs),
    checkMs: m((r) => r.checkMs),
    totalMs: m((r) => r.totalMs),
    instantiations: m((r) => r.instantiations),
    types: m((r) => r.types),
    memoryKB: m((r) => r.memoryKB),
    errors: m((r) => r.errors),
  };
}

function expectErrors(kind: TscKind, run: TscRun): void {
  const expected = kind === "errors" ? DELIBERATE_ERRORS : 0;
  if (run.errors !== expected) {
    const diagnostics = run.output
      .split("\n")
      .filter((line) => line.includes("error TS"))
      .join("\n");
    throw new Error(
      `tsc on the ${kind} consumer gave ${run.errors} errors, expected ${expected}:\n${diagnostics}`,
    );
  }
}

export async function benchTypegen({
  tscRounds,
  genRounds,
}: {
  tscRounds: number;
  genRounds: number;
}): Promise<TypegenResult> {
  const metadata = syntheticOrg(ORG_MODULES, ORG_FIELDS);
  const allFields = Object.values(metadata.fields).flat();
  const base = fileURLToPath(new URL("../.tmp/", import.meta.url));
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, "typegen-"));
  try {
    let output = generateOrgTypes(metadata);
    const generateRuns: number[] = [];
    for (let i = 0; i < genRounds; i++) {
      generateRuns.push(
        await timed(async () => {
          output = generateOrgTypes(metadata);
        }),
      );
    }
    await saveSnapshot(join(dir, "snapshot"), metadata);
    const cliArgs = [
      "typegen",
      "--app",
      "crm",
      "--out",
      join(dir, "cli-org.ts"),
      "--from",
      join(dir, "snapshot"),
    ];
    await runCli(cliArgs);
    const cliRuns: number[] = [];
    for (let i = 0; i < 3; i++) cliRuns.push(await runCli(cliArgs));

    // As the typegen README recommends: a .d.ts, which skipLibCheck spares from a full check.
    await writeFile(join(dir, "org.d.ts"), output);
    await writeFile(join(dir, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
    const consumers: ConsumerKind[] = ["loose", "typed", "errors"];
    const kinds: TscKind[] = [...consumers, "plain"];
    const projects = {} as Record<TscKind, string>;
    for (const kind of consumers) {
      await writeFile(join(dir, `consumer-${kind}.ts`), consumerSource(metadata, kind));
      projects[kind] = await writeTsconfig(dir, `tsconfig.${kind}.json`, [`consumer-${kind}.ts`]);
    }
    await writeFile(join(dir, "bare-org.d.ts"), bareDeclarations(metadata));
    projects.plain = await writeTsconfig(dir, "tsconfig.plain.json", ["consumer-loose.ts", "bare-org.d.ts"]);
    const available = await compilers();
    const runs = new Map<Compiler, Record<TscKind, TscRun[]>>(
      available.map((compiler) => [compiler, { loose: [], typed: [], errors: [], plain: [] }]),
    );
    for (const compiler of available) {
      for (const kind of kinds) expectErrors(kind, await runTsc(compiler, projects[kind])); // warm the file cache
    }
    for (let round = 0; round < tscRounds; round++) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const [compiler, byKind] of runs) {
        for (const kind of order) {
          const run = await runTsc(compiler, projects[kind]);
          expectErrors(kind, run);
          byKind[kind].push(run);
        }
      }
    }
    const ratio = (a: TscRun[], b: TscRun[], pick: (run: TscRun) => number) =>
      median(a.map((run, i) => pick(run) / pick(b[i]!)));
    const total = (run: TscRun) => run.totalMs;
    const wall = (run: TscRun) => run.wallMs;
    return {
      modules: ORG_MODULES,
      fieldsPerModule: ORG_FIELDS,
      picklists: allFields.filter((f) => f.data_type === "picklist" || f.data_type === "multiselectpicklist")
        .length,
      lookups: allFields.filter((f) => f.data_type === "lookup").length,
      generateMs: median(generateRuns),
      generateRuns,
      cliMs: median(cliRuns),
      outputBytes: Buffer.byteLength(output),
      outputLines: output.split("\n").length,
      compilers: [...runs].map(([compiler, r]) => ({
        compiler: compiler.name,
        tsc: {
          loose: figure(r.loose),
          typed: figure(r.typed),
          errors: figure(r.errors),
          plain: figure(r.plain),
        },
        typedOverLoose: ratio(r.typed, r.loose, total),
        errorsOverTyped: ratio(r.errors, r.typed, total),
        plainOverLoose: ratio(r.plain, r.loose, total),
        typedOverPlain: ratio(r.typed, r.plain, total),
        typedOverLooseWall: ratio(r.typed, r.loose, wall),
        errorsOverTypedWall: ratio(r.errors, r.typed, wall),
      })),
      scratch: dir,
    };
  } finally {
    if (!process.env.BENCH_KEEP_TMP) await rm(dir, { recursive: true, force: true });
  }
}
